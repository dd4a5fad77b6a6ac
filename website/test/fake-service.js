// An in-memory leakcheck v2 service for the client tests: /v2/info, /v2/evaluate (noble's VOPRF
// BlindEvaluateBatch under the test key) and /v2/buckets, with the loader's derivations (§5, §6)
// computed by the page's own protocol module. Every request is recorded; `tamper` hooks let a
// test change any answer.
import { p256_oprf } from '@noble/curves/nist.js';
import { deriveDatasetKeys, sealEntry, base64urlEncode, base64urlDecode, toHex } from '../src/lib/protocol.js';
import { TEST_KEY } from './vectors.js';

/**
 * @param {object} options
 * @param {Array<{id, bucketBits, leaked: Array<{encoding: Uint8Array, mask: number}>, entrySize?, load?}>} options.datasets
 * @param {object} [options.key] {skS, pkS, keyId, publicKey}
 * @param {object} [options.tamper] {info(body), evaluate(body, request), bucket(body, dataset, bucket)}: return a
 *   replacement body, or a Response to send instead
 */
export function fakeService({ datasets, key = TEST_KEY, tamper = {}, page = 2 } = {}) {
  const requests = [];
  const served = datasets.map((d, n) => load(d, n));

  function load(d, n) {
    const loadHex = d.load ?? toHex(Uint8Array.from({ length: 16 }, (_, i) => (n * 31 + i * 7 + 1) & 255));
    const loadBytes = Uint8Array.from(loadHex.match(/../g), (b) => parseInt(b, 16));
    const buckets = new Map();
    for (const { encoding, mask } of d.leaked) {
      const y = p256_oprf.voprf.evaluate(key.skS, encoding);
      const keys = deriveDatasetKeys(y, d.id, loadBytes, d.bucketBits);
      if (!buckets.has(keys.bucket)) buckets.set(keys.bucket, []);
      buckets.get(keys.bucket).push(sealEntry(keys, mask));
    }
    const largest = Math.max(0, ...[...buckets.values()].map((b) => b.length));
    const paddedSize = d.paddedSize ?? Math.max(16, Math.ceil(largest / 16) * 16);
    return { ...d, load: loadHex, buckets, paddedSize };
  }

  function item(d, bucket) {
    const real = d.buckets.get(bucket) ?? [];
    const entries = new Uint8Array(d.paddedSize * 32);
    crypto.getRandomValues(entries);
    real.forEach((e, i) => entries.set(e, i * 32));
    return entries;
  }

  const json = (status, body, headers = {}) => new Response(JSON.stringify(body),
    { status, headers: { 'Content-Type': status < 400 ? 'application/json' : 'application/problem+json', ...headers } });
  const problem = (status, rule) => json(status, { type: 'https://leakcheck.org/problems/not-found', status, rule });
  const apply = (hook, body, ...args) => {
    if (!hook) return json(200, body);
    const out = hook(body, ...args);
    return out instanceof Response ? out : json(200, out ?? body);
  };

  async function fetch(url, init = {}) {
    const method = init.method ?? 'GET';
    const path = new URL(url, 'http://leakcheck.test').pathname;
    const request = { method, path, body: init.body ?? null };
    requests.push(request);
    if (method === 'GET' && path === '/v2/info') {
      return apply(tamper.info, {
        protocolVersion: 2, suite: 'P256-SHA256', mode: 'VOPRF', publicKey: key.publicKey, keyId: key.keyId,
        batch: { page, limit: page, max: 256 },
        datasets: served.map((d) => ({
          id: d.id, load: d.load, bucketBits: d.bucketBits, paddedSize: d.paddedSize, entrySize: d.entrySize ?? 32,
          title: `Title of ${d.id}`, description: '', patients: d.leaked.length, entries: d.leaked.length,
          loadedAt: '2026-11-29T20:00:00Z',
        })),
      });
    }
    if (method === 'POST' && path === '/v2/evaluate') {
      const { blindedElements } = JSON.parse(init.body);
      const { evaluated, proof } = p256_oprf.voprf.blindEvaluateBatch(key.skS, key.pkS, blindedElements.map(base64urlDecode));
      return apply(tamper.evaluate, {
        evaluatedElements: evaluated.map(base64urlEncode), proof: base64urlEncode(proof), keyId: key.keyId,
      }, request);
    }
    const m = /^\/v2\/buckets\/([^/]+)\/([^/]+)\/(\d+)$/.exec(path);
    if (method === 'GET' && m) {
      const d = served.find((x) => x.id === m[1] && x.load === m[2]);
      if (!d) return problem(404, 'load.unknown');
      const bucket = Number(m[3]);
      if (bucket >= 2 ** d.bucketBits) return problem(400, 'bucket.range');
      return apply(tamper.bucket, { dataset: d.id, load: d.load, bucket, entries: base64urlEncode(item(d, bucket)) }, d, bucket);
    }
    return problem(404, 'route.unknown');
  }

  return {
    fetch,
    requests,
    served,
    /** Replaces a dataset's load, as a reload would (§6.4). */
    reload(id) {
      const n = served.findIndex((d) => d.id === id);
      served[n] = load({ ...datasets[n], load: toHex(crypto.getRandomValues(new Uint8Array(16))) }, n);
    },
    count(predicate) {
      return requests.filter(predicate).length;
    },
  };
}
