/**
 * A submission over HTTP (docs/protocol.md §7.1):
 *
 * <pre>
 *   GET  /v2/info                       once per page: version, suite, mode, the key (must be the
 *                                        pinned one), Q = batch.page (4), the served datasets with
 *                                        their policy, factor label and notice, the ended ones
 *   x_1..x_Q = per kind (nir, name-dob): the identity typed and the same identity bound to the
 *              factor typed; a 32-byte random dummy in every slot not typed; in random order
 *   POST /v2/evaluate {M_1..M_Q}        one request, exactly Q blinded elements
 *   verify the proof against the pinned key, finalize all Q outputs
 *   GET  /v2/buckets/{D}/{L}/{b_i,D}    exactly Q reads per served dataset, dummies' buckets too, in
 *                                        parallel; an ended dataset is never read
 *   search the identities' buckets      per kind typed, per dataset: the plain entry and the
 *                                        factor-bound one, combined (combineVerdicts)
 * </pre>
 *
 * So every submission makes the same requests, of the same sizes, whatever was typed (one kind or
 * two, a factor or none) and whatever the verdict. Only blinded elements and bucket numbers derived
 * from the server's answer leave the browser.
 */
import {
  blind, verifyAndFinalize, deriveDatasetKeys, lookupEntry, base64urlEncode, base64urlDecode, fromHex,
  isValidDatasetId, isValidLoadHex, isValidBucketBits, constantTimeEqual,
  ProtocolError, UnsupportedServiceError, KeyMismatchError,
  combineVerdicts, PROTOCOL_VERSION, SUITE, MODE, ENTRY_SIZE, DUMMY_SIZE, EXPOSURE_KINDS, PAGE_Q,
} from './protocol.js';
import { bindFactor } from './identity.js';

export { ProtocolError, UnsupportedServiceError, KeyMismatchError };

/** The identity kinds a submission can hold, each once alone and once bound to the factor (§7.1). */
export const KINDS = Object.freeze(['nir', 'name-dob']);
/** The disclosure policies a served dataset can have (docs/protocol.md, issue 10). */
export const POLICIES = Object.freeze(['open', 'membership', 'gated']);
/** Bounds on Q = batch.page that this page accepts: both kinds with and without the factor, and bounded work. */
const MIN_Q = PAGE_Q;
const MAX_Q = 16;
/** Larger than any item DynamoDB can hold (400 KB): a dataset announcing more is ignored. */
const MAX_PADDED_SIZE = 16384;
/** The fields of a notice's texts (per language) and of its contact points. */
const NOTICE_TEXTS = Object.freeze(['whatHappened', 'when', 'consequences', 'measures', 'whatToDo']);
const CHANNEL_FIELDS = Object.freeze(['name', 'url', 'email', 'phone']);
/** The loader's limits (loader.notice.NoticeFile, store.FactorLabel); the page cuts anything longer. */
const MAX_NOTICE_TEXT = 10_000;
const MAX_LABEL = 120;
const MAX_HINT = 300;

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

const text = (v, max) => (typeof v === 'string' ? v.slice(0, max) : '');
const instant = (v) => (typeof v === 'string' && Number.isFinite(Date.parse(v)) ? new Date(Date.parse(v)) : null);

/**
 * The notice of a dataset (§9 of the policy: the loader validated it), reduced to its known string
 * fields, each cut at the loader's limit; null when there is none. Nothing in it is ever HTML: the
 * page renders it as text.
 */
export function parseNotice(n) {
  if (n === null || typeof n !== 'object' || Array.isArray(n)) return null;
  const texts = (lang) => Object.freeze(Object.fromEntries(NOTICE_TEXTS.map((f) => [f, text(n[lang]?.[f], MAX_NOTICE_TEXT)])));
  const channel = (c) => Object.freeze(Object.fromEntries(CHANNEL_FIELDS.map((f) => [f, text(c?.[f], MAX_NOTICE_TEXT)])));
  return Object.freeze({
    controller: text(n.controller, MAX_NOTICE_TEXT), fr: texts('fr'), en: texts('en'),
    contact: channel(n.contact), dpo: channel(n.dpo),
  });
}

/** The factor's label and hint ({label: {fr, en}, hint: {fr, en}}), or null when absent or unusable. */
export function parseFactorLabel(f) {
  const label = { fr: text(f?.label?.fr, MAX_LABEL), en: text(f?.label?.en, MAX_LABEL) };
  const hint = { fr: text(f?.hint?.fr, MAX_HINT), en: text(f?.hint?.en, MAX_HINT) };
  if (!label.fr.trim() || !label.en.trim()) return null;
  return Object.freeze({ label: Object.freeze(label), hint: Object.freeze(hint) });
}

/**
 * Checks the /v2/info document (§7.4, §7.5) against the pinned key and returns
 * {q, keyId, datasets: [served dataset], ended: [ended dataset], byId: Map(id -> served dataset)}.
 * Only served datasets this client can search are kept in `datasets`: a known policy, and a
 * factor label when the policy uses one. Ended datasets are listed for their notice; their
 * buckets are never read.
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
  const ended = [];
  const byId = new Map();
  const seen = new Set();
  for (const d of Array.isArray(info.datasets) ? info.datasets : []) {
    // §7.5: a dataset this client cannot search is ignored: not searched, not counted as "not found".
    if (!isValidDatasetId(d?.id) || seen.has(d.id) || !POLICIES.includes(d.disclosure)) continue;
    const common = {
      id: d.id,
      title: text(d.title, MAX_NOTICE_TEXT),
      description: text(d.description, MAX_NOTICE_TEXT),
      disclosure: d.disclosure,
      servedUntil: instant(d.servedUntil),
      notice: parseNotice(d.notice),
    };
    if (d.status === 'ended') {
      seen.add(d.id);
      ended.push(Object.freeze(common));
      continue;
    }
    if (d.status !== 'served' || !isValidLoadHex(d.load)) continue;
    if (d.entrySize !== ENTRY_SIZE || !isValidBucketBits(d.bucketBits)) continue;
    if (!Number.isInteger(d.paddedSize) || d.paddedSize < 16 || d.paddedSize % 16 !== 0 || d.paddedSize > MAX_PADDED_SIZE) continue;
    const factor = d.disclosure === 'open' ? null : parseFactorLabel(d.factor);
    if (d.disclosure !== 'open' && !factor) continue;
    const dataset = Object.freeze({
      ...common,
      load: d.load, loadBytes: fromHex(d.load), bucketBits: d.bucketBits, paddedSize: d.paddedSize,
      patients: Number.isFinite(d.patients) ? d.patients : null,
      exposedKinds: Object.freeze(Array.isArray(d.exposedKinds) ? EXPOSURE_KINDS.filter((k) => d.exposedKinds.includes(k)) : []),
      factor,
    });
    seen.add(d.id);
    datasets.push(dataset);
    byId.set(d.id, dataset);
  }
  return Object.freeze({ q, keyId: info.keyId, datasets, ended, byId, usesFactor: datasets.some((d) => d.factor) });
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
   * Blinds a submission without sending anything (§7.1): for each kind, the identity typed
   * ({kind, encoding}, at most one per kind) and the same identity bound to `factor` (the
   * canonical factor, or null), a fresh dummy in every slot not typed, Q slots in random order.
   * The factor slots are dummies too when no factor is typed or no served dataset uses one.
   * Use the result once, with run().
   */
  async prepare(identities, factor = null) {
    const info = await this.info();
    return this.prepareFor(info, identities, factor);
  }

  prepareFor(info, identities, factor = null) {
    const kinds = identities.map((i) => i.kind);
    if (identities.length < 1 || new Set(kinds).size !== kinds.length || kinds.some((k) => !KINDS.includes(k))) {
      throw new TypeError('one identity per kind, at least one');
    }
    if (factor !== null && typeof factor !== 'string') throw new TypeError('the factor is a canonical string or null');
    const bound = factor !== null && info.usesFactor ? factor : null;
    const inputs = [];
    for (const kind of KINDS) {
      const identity = identities.find((i) => i.kind === kind);
      inputs.push(identity ? { kind, bound: false, input: identity.encoding } : this.dummy());
      inputs.push(identity && bound !== null ? { kind, bound: true, input: bindFactor(identity, bound).encoding } : this.dummy());
    }
    while (inputs.length < info.q) inputs.push(this.dummy());
    shuffle(inputs, this.randomBytes);
    const slots = inputs.map((s) => ({ ...s, ...blind(s.input, this.blindRng) }));
    return { info, identities, factor, withFactor: bound !== null, slots, used: false };
  }

  dummy() {
    return { kind: null, bound: false, input: this.randomBytes(DUMMY_SIZE) };
  }

  /**
   * Sends a prepared submission and returns {verdicts: [{kind, matches: [{datasetId, dataset,
   * access, kinds}]}], datasets}, one verdict per identity, in the order given to prepare(); each
   * match's access is "kinds", "factor-needed" or "factor-wrong" (combineVerdicts), and a dataset
   * where the identity is not found is absent from its matches.
   * `onEvaluate(blindedElements)` and `onBuckets([{dataset, buckets}])` are told what is sent just
   * before it is (the page's "what leaves your browser" panel).
   *
   * When a bucket read answers 404 load.unknown (the dataset was reloaded or ended after /v2/info
   * was read), /v2/info is read again and the whole submission redone once, with fresh blinds (§7.5).
   */
  async run(prepared, { onEvaluate, onBuckets } = {}) {
    try {
      return await this.submit(prepared, onEvaluate, onBuckets);
    } catch (e) {
      if (!(e instanceof LoadReplaced)) throw e;
    }
    this.infoPromise = null;
    const info = await this.info();
    const again = this.prepareFor(info, prepared.identities, prepared.factor);
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

      // §5, §7.3: Q buckets per served dataset, all read, in parallel; ended datasets are not in
      // info.datasets, so never read.
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

      // §6.1, §7.5: search every slot's bucket (dummies' too, so the work does not depend on what
      // was typed), then per kind typed combine its plain and factor-bound lookups.
      const found = info.datasets.map((d, j) => slots.map((s, i) => lookupEntry(items[j * slots.length + i], keys[j][i])));
      const matchesOf = (i) => info.datasets.flatMap((d, j) => (found[j][i] ? [{ datasetId: d.id, ...found[j][i] }] : []));
      const verdicts = prepared.identities.map(({ kind }) => {
        const plain = slots.findIndex((s) => s.kind === kind && !s.bound);
        const bound = prepared.withFactor ? slots.findIndex((s) => s.kind === kind && s.bound) : -1;
        const combined = combineVerdicts(matchesOf(plain), bound >= 0 ? matchesOf(bound) : null);
        return { kind, matches: combined.map((m) => ({ ...m, dataset: info.byId.get(m.datasetId) })) };
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

