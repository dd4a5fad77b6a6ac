// An in-memory leakcheck v2 service for the client tests: /v2/info, /v2/evaluate (noble's VOPRF
// BlindEvaluateBatch under the test key) and /v2/buckets, with the loader's derivations (§5, §6)
// computed by the page's own protocol module and its entries per disclosure policy (open,
// membership, gated), and ended datasets (listed in /v2/info, their buckets 404 load.unknown).
// Every request is recorded; `tamper` hooks let a test change any answer.
import { p256_oprf } from '@noble/curves/nist.js';
import { deriveDatasetKeys, sealEntry, base64urlEncode, base64urlDecode, toHex, EXPOSURE_KINDS } from '../src/lib/protocol.js';
import { bindFactor } from '../src/lib/identity.js';
import { TEST_KEY } from './vectors.js';

/** A notice as the loader validates it (loader.notice.NoticeFile), with texts naming the dataset. */
export function sampleNotice(id) {
  const texts = (lang) => ({
    whatHappened: `${lang}: what happened to ${id}`, when: `${lang}: when`, consequences: `${lang}: consequences`,
    measures: `${lang}: measures of ${id}`, whatToDo: `${lang}: what to do`,
  });
  return {
    controller: `Controller of ${id}`, fr: texts('fr'), en: texts('en'),
    contact: { name: `Contact of ${id}`, url: 'https://example.org/contact', email: 'contact@example.org', phone: '+33 1 23 45 67 89' },
    dpo: { name: 'DPO', email: 'dpo@example.org' },
  };
}

export const SAMPLE_FACTOR = {
  label: { fr: 'Numéro d’adhérent de votre mutuelle', en: 'Your health insurer member number' },
  hint: { fr: 'Sur votre carte de tiers payant.', en: 'On your insurer card.' },
};

/**
 * The entries a load writes for `persons` under `disclosure` (the table of the policy contract):
 * open: the plain identity, kinds; membership: the plain identity with scope MEMBERSHIP, and the
 * identity bound to each factor value (canonical) with the kinds; gated: the factor-bound entries only.
 */
export function entriesFor(disclosure, persons) {
  const out = [];
  for (const { identities, factors = [], mask } of persons) {
    for (const identity of identities) {
      if (disclosure === 'open') out.push({ encoding: identity.encoding, mask });
      if (disclosure === 'membership') out.push({ encoding: identity.encoding, mask: 0, membershipOnly: true });
      if (disclosure !== 'open') for (const f of factors) out.push({ encoding: bindFactor(identity, f).encoding, mask });
    }
  }
  return out;
}

/**
 * @param {object} options
 * @param {Array<{id, bucketBits, disclosure?, persons?, leaked?: Array<{encoding: Uint8Array, mask: number, membershipOnly?}>,
 *   status?: 'served' | 'ended', factor?, notice?, entrySize?, load?, paddedSize?}>} options.datasets
 *   `persons` ([{identities, factors, mask}]) are turned into entries by `disclosure` (default open);
 *   `leaked` gives the entries directly
 * @param {object} [options.key] {skS, pkS, keyId, publicKey}
 * @param {object} [options.tamper] {info(body), evaluate(body, request), bucket(body, dataset, bucket)}: return a
 *   replacement body, or a Response to send instead
 */
export function fakeService({ datasets, key = TEST_KEY, tamper = {}, page = 4 } = {}) {
  const requests = [];
  const served = datasets.map((d, n) => load(d, n));

  function load(d, n) {
    const disclosure = d.disclosure ?? 'open';
    const leaked = d.leaked ?? entriesFor(disclosure, d.persons ?? []);
    const loadHex = d.load ?? toHex(Uint8Array.from({ length: 16 }, (_, i) => (n * 31 + i * 7 + 1) & 255));
    const loadBytes = Uint8Array.from(loadHex.match(/../g), (b) => parseInt(b, 16));
    const buckets = new Map();
    for (const { encoding, mask, membershipOnly = false } of leaked) {
      const y = p256_oprf.voprf.evaluate(key.skS, encoding);
      const keys = deriveDatasetKeys(y, d.id, loadBytes, d.bucketBits);
      if (!buckets.has(keys.bucket)) buckets.set(keys.bucket, []);
      buckets.get(keys.bucket).push(sealEntry(keys, mask, membershipOnly));
    }
    const largest = Math.max(0, ...[...buckets.values()].map((b) => b.length));
    const paddedSize = d.paddedSize ?? Math.max(16, Math.ceil(largest / 16) * 16);
    const exposedMask = leaked.reduce((m, e) => m | e.mask, 0);
    return {
      ...d, disclosure, leaked, status: d.status ?? 'served', load: loadHex, buckets, paddedSize, exposedMask,
      factor: disclosure === 'open' ? undefined : (d.factor ?? SAMPLE_FACTOR), notice: d.notice ?? sampleNotice(d.id),
    };
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

  function describe(d) {
    if (d.status === 'ended') {
      return { id: d.id, status: 'ended', title: `Title of ${d.id}`, description: '', servedUntil: '2026-11-30T00:00:00Z', disclosure: d.disclosure, notice: d.notice };
    }
    return {
      id: d.id, status: 'served', load: d.load, bucketBits: d.bucketBits, paddedSize: d.paddedSize, entrySize: d.entrySize ?? 32,
      title: `Title of ${d.id}`, description: '', patients: d.leaked.length, entries: d.leaked.length,
      loadedAt: '2026-11-29T20:00:00Z', servedUntil: '2027-12-01T00:00:00Z', disclosure: d.disclosure,
      exposedKinds: EXPOSURE_KINDS.filter((_, bit) => (d.exposedMask >>> bit) & 1),
      ...(d.factor ? { factor: d.factor } : {}), notice: d.notice,
    };
  }

  async function fetch(url, init = {}) {
    const method = init.method ?? 'GET';
    const path = new URL(url, 'http://leakcheck.test').pathname;
    const request = { method, path, body: init.body ?? null };
    requests.push(request);
    if (method === 'GET' && path === '/v2/info') {
      return apply(tamper.info, {
        protocolVersion: 2, suite: 'P256-SHA256', mode: 'VOPRF', publicKey: key.publicKey, keyId: key.keyId,
        batch: { page, limit: page, max: 256 },
        datasets: served.map(describe),
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
      // An ended dataset's buckets are not served: the same answer as a replaced load.
      const d = served.find((x) => x.id === m[1] && x.load === m[2] && x.status === 'served');
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
    /** Ends a dataset, as `leakcheck loader end-dataset` does: listed as ended, its buckets no longer served. */
    end(id) {
      served.find((d) => d.id === id).status = 'ended';
    },
    count(predicate) {
      return requests.filter(predicate).length;
    },
  };
}
