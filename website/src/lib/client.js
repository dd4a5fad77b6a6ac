/**
 * A submission over HTTP (docs/protocol.md §7.1):
 *
 * <pre>
 *   GET  /v2/info                       once per page: version, suite, mode, the key (must be the
 *                                        pinned one), Q = batch.page, the datasets
 *   x_1..x_Q = the identities typed, then 32-byte random dummies, in random order
 *   POST /v2/evaluate {M_1..M_Q}        one request, exactly Q blinded elements
 *   verify the proof against the pinned key, finalize all Q outputs
 *   GET  /v2/buckets/{D}/{L}/{b_i,D}    exactly Q reads per dataset, dummies' buckets too, in parallel
 *   search the identities' buckets      one verdict per kind typed
 * </pre>
 *
 * So every submission makes the same requests, of the same sizes, whatever was typed and whatever
 * the verdict. Only blinded elements and bucket numbers derived from the server's answer leave
 * the browser.
 */
import {
  blind, verifyAndFinalize, deriveDatasetKeys, lookupEntry, base64urlEncode, base64urlDecode, fromHex,
  isValidDatasetId, isValidLoadHex, isValidBucketBits, constantTimeEqual,
  ProtocolError, UnsupportedServiceError, KeyMismatchError,
  PROTOCOL_VERSION, SUITE, MODE, ENTRY_SIZE, DUMMY_SIZE,
} from './protocol.js';

export { ProtocolError, UnsupportedServiceError, KeyMismatchError };

/** The most inputs one submission of the page holds: a NIR and a name with birth date (§7.1). */
export const KINDS = Object.freeze(['nir', 'name-dob']);
/** Bounds on Q = batch.page that this page accepts: enough for both kinds, and bounded work. */
const MIN_Q = KINDS.length;
const MAX_Q = 16;
/** Larger than any item DynamoDB can hold (400 KB): a dataset announcing more is ignored. */
const MAX_PADDED_SIZE = 16384;

/** The request never reached the service, or its answer never came back. */
export class NetworkError extends Error {
  constructor() {
    super('leakcheck: network error');
    this.name = 'NetworkError';
  }
}

/** The service answered with an HTTP error (429, 5xx, ...); `rule` comes from its problem body. */
export class HttpError extends Error {
  constructor(status, retryAfterSeconds, rule) {
    super(`leakcheck: HTTP ${status}`);
    this.name = 'HttpError';
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.rule = rule;
  }
}

// No cookies, no referrer, same origin only: the CSP (connect-src 'self') enforces the last one too.
const FETCH_DEFAULTS = { credentials: 'omit', referrerPolicy: 'no-referrer', mode: 'same-origin', redirect: 'error' };

/**
 * Checks the /v2/info document (§7.4, §7.5) against the pinned key and returns
 * {q, keyId, datasets: [dataset], byId: Map(id -> dataset)}; only datasets this client can search
 * are kept.
 */
export function parseInfo(info, pinned) {
  if (info?.protocolVersion !== PROTOCOL_VERSION || info?.suite !== SUITE || info?.mode !== MODE) {
    throw new UnsupportedServiceError('unsupported protocol version, suite or mode');
  }
  let announced;
  try {
    announced = base64urlDecode(info.publicKey);
  } catch {
    throw new KeyMismatchError('the service announces no usable public key');
  }
  if (!constantTimeEqual(announced, pinned.publicKey)) throw new KeyMismatchError('the service announces another public key');
  if (info.keyId !== pinned.keyId) throw new KeyMismatchError('the service announces another keyId');
  const q = info.batch?.page;
  const limit = info.batch?.limit ?? q;
  if (!Number.isInteger(q) || q < MIN_Q || q > MAX_Q || !Number.isInteger(limit) || q > limit) {
    throw new ProtocolError('batch.page is not a usable Q');
  }
  const datasets = [];
  const byId = new Map();
  for (const d of Array.isArray(info.datasets) ? info.datasets : []) {
    // §7.5: a dataset this client cannot search is ignored: not searched, not counted as "not found".
    if (!isValidDatasetId(d?.id) || byId.has(d.id) || !isValidLoadHex(d.load)) continue;
    if (d.entrySize !== ENTRY_SIZE || !isValidBucketBits(d.bucketBits)) continue;
    if (!Number.isInteger(d.paddedSize) || d.paddedSize < 16 || d.paddedSize % 16 !== 0 || d.paddedSize > MAX_PADDED_SIZE) continue;
    const dataset = Object.freeze({
      id: d.id, load: d.load, loadBytes: fromHex(d.load), bucketBits: d.bucketBits, paddedSize: d.paddedSize,
      title: typeof d.title === 'string' ? d.title : '',
      description: typeof d.description === 'string' ? d.description : '',
      patients: Number.isFinite(d.patients) ? d.patients : null,
    });
    datasets.push(dataset);
    byId.set(d.id, dataset);
  }
  return Object.freeze({ q, keyId: info.keyId, datasets, byId });
}

/** Checks an evaluation answer (§7.2) and returns {evaluatedElements: [bytes], proof: bytes}. */
export function parseEvaluation(body, pinned, q) {
  if (body === null || typeof body !== 'object') throw new ProtocolError('unexpected evaluation');
  // §7.5: another keyId, or the wrong number of elements, is the key error, not a protocol one.
  if (body.keyId !== pinned.keyId) throw new KeyMismatchError('the evaluation names another key');
  if (!Array.isArray(body.evaluatedElements) || body.evaluatedElements.length !== q) {
    throw new KeyMismatchError('the evaluation does not answer every element');
  }
  if (typeof body.proof !== 'string') throw new KeyMismatchError('the evaluation carries no proof');
  const evaluatedElements = body.evaluatedElements.map((e) => {
    if (typeof e !== 'string') throw new ProtocolError('evaluated element is not a string');
    return base64urlDecode(e);
  });
  let proof;
  try {
    proof = base64urlDecode(body.proof);
  } catch {
    throw new KeyMismatchError('the proof is not base64url');
  }
  return { evaluatedElements, proof };
}

/** Checks a bucket answer (§7.3, §7.5) against the URL it answers and returns its entries. */
export function parseBucket(body, dataset, bucket) {
  if (body?.dataset !== dataset.id || body?.load !== dataset.load || body?.bucket !== bucket) {
    throw new ProtocolError('the bucket answer is not the one asked for');
  }
  const entries = base64urlDecode(body.entries);
  if (entries.length !== dataset.paddedSize * ENTRY_SIZE) throw new ProtocolError('the bucket answer has the wrong size');
  return entries;
}

function defaultRandomBytes(n) {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** Thrown inside a submission when a bucket read says the load was replaced (§7.5). */
class LoadReplaced extends Error {}

/**
 * The lookup client of the page. Configuration comes in through the constructor: the pinned key
 * (from the build), the base URL, and seams for the tests (fetch, randomness).
 */
export class LookupClient {
  /**
   * @param {object} options
   * @param {{publicKey: Uint8Array, keyId: string}} options.pinned the key baked in at build (protocol.pinnedKey)
   * @param {string} [options.baseUrl] '' for the page's own origin
   * @param {typeof fetch} [options.fetch] tests only
   * @param {(n: number) => Uint8Array} [options.randomBytes] dummies and order; tests only
   * @param {(n: number) => Uint8Array} [options.blindRng] the blinds' randomness; tests only
   */
  constructor({ pinned, baseUrl = '', fetch: fetchImpl, randomBytes = defaultRandomBytes, blindRng } = {}) {
    if (!pinned?.publicKey || !pinned?.keyId) throw new TypeError('a pinned key is required');
    this.pinned = pinned;
    this.baseUrl = baseUrl;
    this.fetchImpl = fetchImpl ?? ((...args) => globalThis.fetch(...args));
    this.randomBytes = randomBytes;
    this.blindRng = blindRng;
    this.infoPromise = null;
  }

  async fetchJson(path, init = {}) {
    let response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, { ...FETCH_DEFAULTS, ...init });
    } catch {
      throw new NetworkError();
    }
    if (!response.ok) {
      const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
      let rule = null;
      try {
        const problem = await response.json();
        if (typeof problem?.rule === 'string') rule = problem.rule;
      } catch {
        // Not a problem body (a proxy's page, a cut connection): the status says enough.
      }
      throw new HttpError(response.status, Number.isFinite(retryAfter) ? retryAfter : null, rule);
    }
    try {
      return await response.json();
    } catch {
      throw new ProtocolError('response is not JSON');
    }
  }

  /** GET /v2/info, checked, cached for the life of the page; a failure is not cached. */
  info() {
    if (!this.infoPromise) {
      this.infoPromise = this.fetchJson('/v2/info').then((body) => parseInfo(body, this.pinned));
      this.infoPromise.catch(() => {
        this.infoPromise = null;
      });
    }
    return this.infoPromise;
  }

  /**
   * Blinds a submission without sending anything: the identities typed ({kind, encoding}, one per
   * kind), padded with dummies to Q inputs in random order (§7.1). Use the result once, with run().
   */
  async prepare(identities) {
    const info = await this.info();
    return this.prepareFor(info, identities);
  }

  prepareFor(info, identities) {
    const kinds = identities.map((i) => i.kind);
    if (identities.length < 1 || identities.length > info.q || new Set(kinds).size !== kinds.length
        || kinds.some((k) => !KINDS.includes(k))) {
      throw new TypeError('one identity per kind, at least one');
    }
    const inputs = identities.map((i) => ({ kind: i.kind, input: i.encoding }));
    while (inputs.length < info.q) inputs.push({ kind: null, input: this.randomBytes(DUMMY_SIZE) });
    shuffle(inputs, this.randomBytes);
    const slots = inputs.map((s) => ({ ...s, ...blind(s.input, this.blindRng) }));
    return { info, identities, slots, used: false };
  }

  /**
   * Sends a prepared submission and returns {verdicts: [{kind, matches: [{datasetId, dataset, mask,
   * kinds}]}], datasets}, one verdict per identity, in the order given to prepare().
   * `onEvaluate(blindedElements)` and `onBuckets([{dataset, buckets}])` are told what is sent just
   * before it is (the page's "what leaves your browser" panel).
   *
   * When a bucket read answers 404 load.unknown (the dataset was reloaded after /v2/info was
   * read), /v2/info is read again and the whole submission redone once, with fresh blinds (§7.5).
   */
  async run(prepared, { onEvaluate, onBuckets } = {}) {
    try {
      return await this.submit(prepared, onEvaluate, onBuckets);
    } catch (e) {
      if (!(e instanceof LoadReplaced)) throw e;
    }
    this.infoPromise = null;
    const info = await this.info();
    const again = this.prepareFor(info, prepared.identities);
    try {
      return await this.submit(again, onEvaluate, onBuckets);
    } catch (e) {
      if (e instanceof LoadReplaced) throw new ProtocolError('a dataset was replaced twice during one check');
      throw e;
    }
  }

  async submit(prepared, onEvaluate, onBuckets) {
    if (prepared.used) throw new TypeError('a prepared submission is sent once');
    prepared.used = true;
    const { info, slots } = prepared;
    try {
      // §7.2: one evaluation of exactly Q elements.
      const blindedElements = slots.map((s) => base64urlEncode(s.blindedElement));
      onEvaluate?.(blindedElements);
      const body = await this.fetchJson('/v2/evaluate', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ blindedElements }),
        cache: 'no-store',
      });
      const { evaluatedElements, proof } = parseEvaluation(body, this.pinned, slots.length);
      // §4.3: verify the proof against the pinned key, then finalize all Q, dummies included.
      const outputs = verifyAndFinalize(slots, evaluatedElements, proof, this.pinned);

      // §5, §7.3: Q buckets per dataset, all read, in parallel.
      const keys = info.datasets.map((d) => outputs.map((y) => deriveDatasetKeys(y, d.id, d.loadBytes, d.bucketBits)));
      for (const y of outputs) y.fill(0);
      onBuckets?.(info.datasets.map((d, j) => ({ dataset: d, buckets: keys[j].map((k) => k.bucket) })));
      const reads = info.datasets.flatMap((d, j) => keys[j].map((k) =>
        this.fetchJson(`/v2/buckets/${d.id}/${d.load}/${k.bucket}`).then((b) => parseBucket(b, d, k.bucket))));
      const settled = await Promise.allSettled(reads);
      const failures = settled.filter((r) => r.status === 'rejected').map((r) => r.reason);
      if (failures.some((e) => e instanceof HttpError && e.status === 404 && e.rule === 'load.unknown')) throw new LoadReplaced();
      if (failures.length) throw failures[0];
      const items = settled.map((r) => r.value);

      // §6.1, §7.5: search the identities' buckets; one verdict per kind typed.
      const verdicts = prepared.identities.map(({ kind }) => {
        const i = slots.findIndex((s) => s.kind === kind);
        const matches = [];
        info.datasets.forEach((d, j) => {
          const details = lookupEntry(items[j * slots.length + i], keys[j][i]);
          if (details) matches.push({ datasetId: d.id, dataset: d, ...details });
        });
        return { kind, matches };
      });
      return { verdicts, datasets: info.datasets };
    } finally {
      for (const s of slots) s.blind.fill(0);
    }
  }
}

/** Fisher-Yates with unbiased indices drawn from `randomBytes`. */
function shuffle(list, randomBytes) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = randomBelow(i + 1, randomBytes);
    [list[i], list[j]] = [list[j], list[i]];
  }
}

function randomBelow(n, randomBytes) {
  const limit = Math.floor(0x100000000 / n) * n;
  for (;;) {
    const b = randomBytes(4);
    const v = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
    if (v < limit) return v % n;
  }
}
