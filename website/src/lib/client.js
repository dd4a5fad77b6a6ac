/**
 * The lookup over HTTP (docs/protocol.md §7): GET /v1/info once, then for each check
 * POST /v1/evaluate and GET /v1/buckets/{b} in parallel, then finalize and search locally.
 * Only the bucket number and the blinded element ever leave the browser.
 */
import {
  bucketOf, blind, finalize, searchBucket, base64urlEncode, base64urlDecode, requireBucketBits,
  isValidDatasetId, ProtocolError, PROTOCOL_VERSION, SUITE, ENTRY_SIZE,
} from './protocol.js';

/** The request never reached the service, or its answer never came back. */
export class NetworkError extends Error {
  constructor() {
    super('network error');
    this.name = 'NetworkError';
  }
}

/** The service answered with an HTTP error (429, 5xx, ...). */
export class HttpError extends Error {
  constructor(status, retryAfterSeconds) {
    super(`HTTP ${status}`);
    this.name = 'HttpError';
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

// No cookies, no referrer, same origin only: the CSP (connect-src 'self') enforces the last one too.
const FETCH_DEFAULTS = { credentials: 'omit', referrerPolicy: 'no-referrer', mode: 'same-origin', redirect: 'error' };

async function fetchJson(url, init = {}) {
  let response;
  try {
    response = await fetch(url, { ...FETCH_DEFAULTS, ...init });
  } catch {
    throw new NetworkError();
  }
  if (!response.ok) {
    const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    throw new HttpError(response.status, Number.isFinite(retryAfter) ? retryAfter : null);
  }
  try {
    return await response.json();
  } catch {
    // A body cut off mid-way is a network failure; a proxy's HTML page is a protocol one.
    throw new ProtocolError('response is not JSON');
  }
}

/** Checks the /v1/info document and returns {bucketBits, keyId, datasets: Map(id -> dataset)}. */
export function parseInfo(info) {
  if (info?.protocolVersion !== PROTOCOL_VERSION || info?.suite !== SUITE) {
    throw new ProtocolError('unsupported protocol version or suite');
  }
  const datasets = new Map();
  for (const d of Array.isArray(info.datasets) ? info.datasets : []) {
    if (isValidDatasetId(d?.id)) datasets.set(d.id, d);
  }
  return { bucketBits: requireBucketBits(info.bucketBits), keyId: String(info.keyId ?? ''), datasets };
}

/** Checks a bucket response and returns [{id, entries: Uint8Array}]. */
export function parseBucket(body, bucket) {
  if (body?.bucket !== bucket || body?.entrySize !== ENTRY_SIZE || !Array.isArray(body.datasets)) {
    throw new ProtocolError('unexpected bucket response');
  }
  return body.datasets.map((d) => {
    if (!isValidDatasetId(d?.id)) throw new ProtocolError('unexpected dataset id');
    const entries = base64urlDecode(d.entries);
    if (entries.length % ENTRY_SIZE !== 0) throw new ProtocolError('entries are not a multiple of 32 bytes');
    return { id: d.id, entries };
  });
}

/**
 * A prepared check: the bucket and blinded element that will be sent, and the blind (kept in
 * memory only, used once). Call {@link LookupClient.prepare} again for every check.
 */
export class LookupClient {
  constructor(baseUrl = '') {
    this.baseUrl = baseUrl;
    this.infoPromise = null;
  }

  /** GET /v1/info, cached for the life of the page; a failure is not cached. */
  info() {
    if (!this.infoPromise) {
      this.infoPromise = fetchJson(`${this.baseUrl}/v1/info`).then(parseInfo);
      this.infoPromise.catch(() => {
        this.infoPromise = null;
      });
    }
    return this.infoPromise;
  }

  /** Bucket and blind for a canonical identity: nothing is sent yet. */
  async prepare(identity) {
    const info = await this.info();
    const bucket = bucketOf(identity.encoding, info.bucketBits);
    const { blind: r, blindedElement } = blind(identity.encoding);
    return { encoding: identity.encoding, bucket, blindedElement, blind: r, bucketBits: info.bucketBits };
  }

  /**
   * Sends the prepared check and returns {matches: [{datasetId, dataset, kinds, mask}]}.
   * The evaluation and the bucket are fetched in parallel; the verdict is computed here.
   */
  async run(prepared) {
    const info = await this.info();
    const [evaluation, bucketBody] = await Promise.all([
      fetchJson(`${this.baseUrl}/v1/evaluate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ blindedElement: base64urlEncode(prepared.blindedElement) }),
        cache: 'no-store',
      }),
      fetchJson(`${this.baseUrl}/v1/buckets/${prepared.bucket}`),
    ]);
    if (typeof evaluation?.evaluatedElement !== 'string') throw new ProtocolError('no evaluatedElement');
    if (info.keyId && evaluation.keyId !== info.keyId) {
      // The key was rotated since /v1/info was read: the table may not match this key yet.
      this.infoPromise = null;
      throw new ProtocolError('key changed');
    }
    const y = finalize(prepared.encoding, prepared.blind, base64urlDecode(evaluation.evaluatedElement));
    prepared.blind.fill(0);
    const datasets = parseBucket(bucketBody, prepared.bucket);
    const matches = searchBucket(y, datasets).map((m) => ({ ...m, dataset: info.datasets.get(m.datasetId) ?? null }));
    return { matches, datasets: [...info.datasets.values()] };
  }
}
