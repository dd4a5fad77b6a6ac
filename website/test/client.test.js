// The page's lookup client (src/lib/client.js) against an in-memory v2 service (fake-service.js):
// the request pattern of every form state (one kind or two, with or without a factor), the
// verdicts of each disclosure policy with no, the right or a wrong factor, ended datasets, the
// pinned key and the proof, and the client rules of docs/protocol.md §7.5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { p256_oprf } from '@noble/curves/nist.js';
import {
  LookupClient, parseInfo, parseBucket, parseEvaluation, parseNotice, HttpError, NetworkError,
  KeyMismatchError, ProtocolError, UnsupportedServiceError,
} from '../src/lib/client.js';
import { pinnedKey, keyIdOf, base64urlEncode, base64urlDecode } from '../src/lib/protocol.js';
import { parseNirIdentity, parseNameDobIdentity, bindFactor } from '../src/lib/identity.js';
import { fakeService, sampleNotice } from './fake-service.js';
import { TEST_KEY, seededBytes } from './vectors.js';

const PINNED = pinnedKey(TEST_KEY.publicKey, TEST_KEY.keyId);
const NIR_IN = parseNirIdentity('1 85 05 78 006 048 30');
const NAME_IN = parseNameDobIdentity("d'Artagnan", 'Charles', '23/11/1961');
const NIR_OUT = parseNirIdentity('1 85 05 75 999 001 50');
const NAME_OUT = parseNameDobIdentity('de la Fontaine', 'Marie-Claire, Louise', '29/02/2000');
const NIR_MASK = 0b10000011; // IDENTITY, NIR, MEDICAL
const NAME_MASK = 0b1; // IDENTITY

/** Two datasets with different bucket bits; the NIR in both, the name in the first only. */
function service(options = {}) {
  return fakeService({
    datasets: [
      { id: 'labs-2021', bucketBits: 4, leaked: [{ encoding: NIR_IN.encoding, mask: NIR_MASK }, { encoding: NAME_IN.encoding, mask: NAME_MASK }] },
      { id: 'labs-2024', bucketBits: 0, leaked: [{ encoding: NIR_IN.encoding, mask: 0b10 }] },
    ],
    ...options,
  });
}

const Q = 4;
const client = (svc, options = {}) => new LookupClient({ pinned: PINNED, fetch: svc.fetch, ...options });

async function submit(c, identities, hooks, factor = null) {
  return c.run(await c.prepare(identities, factor), hooks);
}

const evaluations = (svc) => svc.requests.filter((r) => r.path === '/v2/evaluate');
const bucketReads = (svc, id) => svc.requests.filter((r) => r.path.startsWith(`/v2/buckets/${id}/`));

for (const [name, identities] of [
  ['NIR only', [NIR_IN]], ['name only', [NAME_IN]], ['both kinds', [NIR_IN, NAME_IN]],
  ['NIR absent', [NIR_OUT]], ['both absent', [NIR_OUT, NAME_OUT]],
]) {
  test(`${name}: one evaluate of exactly Q elements, then exactly Q bucket reads per dataset, nothing else`, async () => {
    const svc = service();
    const c = client(svc);
    await submit(c, identities);
    await submit(c, identities);
    assert.equal(svc.count((r) => r.path === '/v2/info'), 1, '/v2/info once per page');
    const evals = evaluations(svc);
    assert.equal(evals.length, 2, 'one evaluate per submission');
    for (const e of evals) {
      const body = JSON.parse(e.body);
      assert.deepEqual(Object.keys(body), ['blindedElements']);
      assert.equal(body.blindedElements.length, Q, 'Q = 4 elements');
      for (const m of body.blindedElements) assert.equal(base64urlDecode(m).length, 33);
    }
    assert.equal(bucketReads(svc, 'labs-2021').length, 2 * Q, 'Q reads per submission in labs-2021');
    assert.equal(bucketReads(svc, 'labs-2024').length, 2 * Q, 'Q reads per submission in labs-2024');
    assert.equal(svc.requests.length, 1 + 2 * (1 + 2 * Q));
  });
}

test('verdicts: one per kind typed, in the order typed, with the datasets and kinds exposed', async () => {
  const svc = service();
  const c = client(svc);
  const both = await submit(c, [NIR_IN, NAME_IN]);
  assert.deepEqual(both.verdicts.map((v) => [v.kind, v.matches.map((m) => [m.datasetId, m.access, m.kinds])]), [
    ['nir', [['labs-2021', 'kinds', ['IDENTITY', 'NIR', 'MEDICAL']], ['labs-2024', 'kinds', ['NIR']]]],
    ['name-dob', [['labs-2021', 'kinds', ['IDENTITY']]]],
  ]);
  assert.equal(both.verdicts[0].matches[0].dataset.title, 'Title of labs-2021');
  const mixed = await submit(c, [NIR_OUT, NAME_IN]);
  assert.deepEqual(mixed.verdicts.map((v) => [v.kind, v.matches.length]), [['nir', 0], ['name-dob', 1]]);
  const none = await submit(c, [NAME_OUT]);
  assert.deepEqual(none.verdicts, [{ kind: 'name-dob', matches: [] }]);
});

test('dummies: 32 random bytes each, blinded like inputs, in random order, their buckets read too', async () => {
  const svc = service();
  const c = client(svc, { randomBytes: seededBytes('order') });
  const positions = new Set();
  for (let i = 0; i < 24; i++) {
    const prepared = await c.prepare([NIR_IN]);
    assert.equal(prepared.slots.length, Q);
    const dummies = prepared.slots.filter((s) => s.kind === null);
    assert.equal(dummies.length, Q - 1, 'no factor and one kind: three dummies');
    for (const dummy of dummies) assert.equal(dummy.input.length, 32);
    positions.add(prepared.slots.findIndex((s) => s.kind === 'nir'));
    let buckets;
    await c.run(prepared, { onBuckets: (b) => { buckets = b; } });
    assert.deepEqual(buckets.map((b) => b.buckets.length), [Q, Q], 'Q buckets per dataset, the dummies\' too');
  }
  assert.deepEqual([...positions].sort(), [0, 1, 2, 3], 'the identity is not always first');
});

test('what the hooks report is exactly what is sent', async () => {
  const svc = service();
  const c = client(svc);
  const prepared = await c.prepare([NAME_IN]);
  const shown = {};
  await c.run(prepared, { onEvaluate: (e) => { shown.elements = e; }, onBuckets: (b) => { shown.buckets = b; } });
  assert.deepEqual(JSON.parse(evaluations(svc)[0].body).blindedElements, shown.elements);
  assert.deepEqual(prepared.slots.map((s) => base64urlEncode(s.blindedElement)), shown.elements);
  const read = svc.requests.filter((r) => r.path.startsWith('/v2/buckets/')).map((r) => r.path).sort();
  const told = shown.buckets.flatMap(({ dataset, buckets }) => buckets.map((b) => `/v2/buckets/${dataset.id}/${dataset.load}/${b}`)).sort();
  assert.deepEqual(read, told);
  assert.ok(prepared.slots.every((s) => s.blind.every((b) => b === 0)), 'blinds are wiped after use');
  await assert.rejects(c.run(prepared), TypeError, 'a prepared submission is sent once');
});

// ---- disclosure policies and the factor (issue 10) ---------------------------------------------

const FACTOR = 'AB1234';
const WRONG = 'ZZ9999';

/**
 * The policy matrix: the same person (NIR_IN and NAME_IN, factor AB1234) in an open, a membership
 * and a gated dataset; NIR_OUT a person with no factor value in the last two; and an ended dataset
 * holding everyone.
 */
function policyService(options = {}) {
  const person = { identities: [NIR_IN, NAME_IN], factors: [FACTOR], mask: NIR_MASK };
  const noFactor = { identities: [NIR_OUT], factors: [], mask: 0b10 };
  return fakeService({
    datasets: [
      { id: 'open-2021', bucketBits: 3, disclosure: 'open', persons: [person] },
      { id: 'member-2022', bucketBits: 2, disclosure: 'membership', persons: [person, noFactor] },
      { id: 'gated-2023', bucketBits: 1, disclosure: 'gated', persons: [person, noFactor] },
      { id: 'ended-2020', bucketBits: 2, disclosure: 'open', persons: [person, noFactor], status: 'ended' },
    ],
    ...options,
  });
}

const KINDS_OF_MASK = ['IDENTITY', 'NIR', 'MEDICAL'];
const verdictTable = (result) => result.verdicts.map((v) => [v.kind, v.matches.map((m) => [m.datasetId, m.access, m.kinds])]);

for (const [name, factor, expected] of [
  ['no factor', null, {
    nir: [['member-2022', 'factor-needed', []], ['open-2021', 'kinds', KINDS_OF_MASK]],
    out: [['member-2022', 'factor-needed', []]],
  }],
  ['the right factor', FACTOR, {
    nir: [['gated-2023', 'kinds', KINDS_OF_MASK], ['member-2022', 'kinds', KINDS_OF_MASK], ['open-2021', 'kinds', KINDS_OF_MASK]],
    out: [['member-2022', 'factor-wrong', []]],
  }],
  ['a wrong factor', WRONG, {
    nir: [['member-2022', 'factor-wrong', []], ['open-2021', 'kinds', KINDS_OF_MASK]],
    out: [['member-2022', 'factor-wrong', []]],
  }],
]) {
  test(`policies with ${name}: open gives kinds, membership ${factor === FACTOR ? 'kinds' : 'membership only'}, gated ${factor === FACTOR ? 'kinds' : 'not found'}; ended never read`, async () => {
    const svc = policyService();
    const c = client(svc);
    const both = await submit(c, [NIR_IN, NAME_IN], undefined, factor);
    assert.deepEqual(verdictTable(both), [['nir', expected.nir], ['name-dob', expected.nir]]);
    const other = await submit(c, [NIR_OUT], undefined, factor);
    assert.deepEqual(verdictTable(other), [['nir', expected.out]], 'a person with no factor value');
    assert.deepEqual(both.datasets.map((d) => d.id), ['open-2021', 'member-2022', 'gated-2023']);

    assert.equal(svc.count((r) => r.path === '/v2/info'), 1);
    assert.equal(evaluations(svc).length, 2);
    for (const e of evaluations(svc)) assert.equal(JSON.parse(e.body).blindedElements.length, Q);
    for (const id of ['open-2021', 'member-2022', 'gated-2023']) assert.equal(bucketReads(svc, id).length, 2 * Q, `Q reads of ${id} per submission`);
    assert.equal(bucketReads(svc, 'ended-2020').length, 0, 'an ended dataset is never read');
    assert.equal(svc.requests.length, 1 + 2 * (1 + 3 * Q));
  });
}

test('the factor slots: each kind typed bound to the factor, dummies in every other slot', async () => {
  const c = client(policyService());
  const encodings = (p) => p.slots.filter((s) => s.kind).map((s) => base64urlEncode(s.input)).sort();
  const both = await c.prepare([NIR_IN, NAME_IN], FACTOR);
  assert.equal(both.slots.length, Q);
  assert.equal(both.slots.filter((s) => s.kind === null).length, 0, 'both kinds and a factor fill the four slots');
  assert.deepEqual(encodings(both), [NIR_IN.encoding, bindFactor(NIR_IN, FACTOR).encoding, NAME_IN.encoding,
    bindFactor(NAME_IN, FACTOR).encoding].map(base64urlEncode).sort());
  const one = await c.prepare([NAME_IN], FACTOR);
  assert.deepEqual(one.slots.map((s) => [s.kind, s.bound]).filter(([k]) => k).sort(), [['name-dob', false], ['name-dob', true]]);
  assert.equal(one.slots.filter((s) => s.kind === null).length, 2);
  const none = await c.prepare([NAME_IN]);
  assert.equal(none.slots.filter((s) => s.kind === null).length, 3, 'without a factor its slots are dummies');
  for (const s of [...both.slots, ...one.slots, ...none.slots].filter((x) => x.kind === null)) assert.equal(s.input.length, 32);
});

test('when no served dataset uses a factor, a factor given is dropped: its slots are dummies', async () => {
  const svc = service();
  const c = client(svc);
  const prepared = await c.prepare([NIR_IN, NAME_IN], FACTOR);
  assert.equal(prepared.withFactor, false);
  assert.equal(prepared.slots.filter((s) => s.kind === null).length, 2);
  const result = await c.run(prepared);
  assert.deepEqual(result.verdicts.map((v) => v.matches.map((m) => m.access)), [['kinds', 'kinds'], ['kinds']]);
});

test('a dataset ended after /v2/info was read: load.unknown, /v2/info again, the check redone once without it', async () => {
  const svc = policyService();
  const c = client(svc);
  await c.info();
  svc.end('member-2022');
  const result = await submit(c, [NIR_IN], undefined, FACTOR);
  assert.deepEqual(result.datasets.map((d) => d.id), ['open-2021', 'gated-2023']);
  assert.deepEqual(verdictTable(result), [['nir', [['gated-2023', 'kinds', KINDS_OF_MASK], ['open-2021', 'kinds', KINDS_OF_MASK]]]]);
  assert.equal(svc.count((r) => r.path === '/v2/info'), 2);
  assert.equal(evaluations(svc).length, 2);
  assert.equal(bucketReads(svc, 'member-2022').length, Q, 'read by the first attempt only');
  assert.equal(bucketReads(svc, 'open-2021').length, 2 * Q);
  const info = await c.info();
  assert.deepEqual(info.ended.map((d) => d.id), ['member-2022', 'ended-2020']);
});

test('info: the policy, exposed kinds, factor label and notice of served datasets; ended ones listed apart', async () => {
  const info = await client(policyService()).info();
  assert.equal(info.usesFactor, true);
  const [open, member, gated] = info.datasets;
  assert.deepEqual([open.disclosure, member.disclosure, gated.disclosure], ['open', 'membership', 'gated']);
  assert.equal(open.factor, null);
  assert.equal(member.factor.label.fr, 'Numéro d’adhérent de votre mutuelle');
  assert.equal(gated.factor.hint.en, 'On your insurer card.');
  assert.deepEqual(member.exposedKinds, ['IDENTITY', 'NIR', 'MEDICAL']);
  assert.equal(member.notice.fr.measures, 'fr: measures of member-2022');
  assert.equal(member.notice.contact.url, 'https://example.org/contact');
  assert.equal(member.servedUntil.toISOString(), '2027-12-01T00:00:00.000Z');
  assert.deepEqual(info.ended.map((d) => [d.id, d.disclosure, d.notice.controller, d.servedUntil.toISOString()]),
    [['ended-2020', 'open', 'Controller of ended-2020', '2026-11-30T00:00:00.000Z']]);
  assert.equal(info.byId.has('ended-2020'), false, 'an ended dataset is not searched');
});

test('info: a dataset with an unknown policy or status, or a factor policy without a label, is ignored', async () => {
  const svc = policyService({
    tamper: {
      info: (body) => ({
        ...body,
        datasets: [...body.datasets,
          { ...body.datasets[0], id: 'no-policy', disclosure: undefined },
          { ...body.datasets[0], id: 'odd-policy', disclosure: 'secret' },
          { ...body.datasets[0], id: 'no-status', status: undefined },
          { ...body.datasets[1], id: 'no-label', factor: undefined },
          { ...body.datasets[1], id: 'blank-label', factor: { label: { fr: ' ', en: 'x' }, hint: { fr: '', en: '' } } }],
      }),
    },
  });
  const result = await submit(client(svc), [NIR_IN]);
  assert.deepEqual(result.datasets.map((d) => d.id), ['open-2021', 'member-2022', 'gated-2023']);
  assert.equal(svc.count((r) => /no-policy|odd-policy|no-status|no-label|blank-label/.test(r.path)), 0);
});

test('a notice keeps its known string fields only, each cut at the loader\'s limit', () => {
  const hostile = {
    ...sampleNotice('x'), controller: 'C'.repeat(20_000), extra: '<script>', fr: { ...sampleNotice('x').fr, measures: 42, more: 'x' },
    contact: { name: 'N', url: 'javascript:alert(1)', evil: 'y' }, dpo: 'not an object',
  };
  const n = parseNotice(hostile);
  assert.equal(n.controller.length, 10_000);
  assert.equal(n.fr.measures, '', 'a non-string is dropped');
  assert.deepEqual(Object.keys(n), ['controller', 'fr', 'en', 'contact', 'dpo']);
  assert.deepEqual(Object.keys(n.fr), ['whatHappened', 'when', 'consequences', 'measures', 'whatToDo']);
  assert.deepEqual(n.contact, { name: 'N', url: 'javascript:alert(1)', email: '', phone: '' }, 'kept as text: the page never links it');
  assert.deepEqual(n.dpo, { name: '', url: '', email: '', phone: '' });
  assert.equal(parseNotice(null), null);
  assert.equal(parseNotice('text'), null);
});

// ---- the pinned key and the proof (§4.3, §7.5) ------------------------------------------------------

const otherKey = (() => {
  const k = p256_oprf.voprf.deriveKeyPair(new Uint8Array(32).fill(0x33), new TextEncoder().encode('leakcheck-v2/oprf-key'));
  return { skS: k.secretKey, pkS: k.publicKey, keyId: keyIdOf(k.publicKey), publicKey: base64urlEncode(k.publicKey) };
})();

test('a service under another key (a wrong pinned key) is a key error, and nothing is sent', async () => {
  const svc = service({ key: otherKey });
  await assert.rejects(submit(client(svc), [NIR_IN]), KeyMismatchError);
  assert.deepEqual(svc.requests.map((r) => r.path), ['/v2/info'], 'no evaluate, no bucket');
});

test('/v2/info announcing another key, or a keyId that is not the pinned key\'s, is a key error', async () => {
  for (const tamper of [
    (info) => ({ ...info, publicKey: otherKey.publicKey, keyId: otherKey.keyId }),
    (info) => ({ ...info, publicKey: otherKey.publicKey }),
    (info) => ({ ...info, keyId: otherKey.keyId }),
    (info) => ({ ...info, publicKey: 'not base64url!' }),
    (info) => ({ ...info, publicKey: undefined }),
  ]) {
    const svc = service({ tamper: { info: tamper } });
    await assert.rejects(submit(client(svc), [NIR_IN, NAME_IN]), KeyMismatchError);
    assert.equal(svc.count((r) => r.path !== '/v2/info'), 0, 'nothing sent');
  }
});

test('a tampered proof is a key error, never "not found"', async () => {
  const svc = service({
    tamper: {
      evaluate: (body) => {
        const proof = base64urlDecode(body.proof);
        proof[40] ^= 0x80;
        return { ...body, proof: base64urlEncode(proof) };
      },
    },
  });
  await assert.rejects(submit(client(svc), [NIR_OUT]), KeyMismatchError);
  assert.equal(svc.count((r) => r.path.startsWith('/v2/buckets/')), 0, 'no bucket read after a bad proof');
});

test('an evaluation under a rogue key with its own valid proof, another keyId, or the wrong count, is a key error', async () => {
  const rogue = (body, request) => {
    const { blindedElements } = JSON.parse(request.body);
    const r = p256_oprf.voprf.blindEvaluateBatch(otherKey.skS, otherKey.pkS, blindedElements.map(base64urlDecode));
    return { ...body, evaluatedElements: r.evaluated.map(base64urlEncode), proof: base64urlEncode(r.proof) };
  };
  for (const evaluate of [
    rogue,
    (body) => ({ ...body, keyId: otherKey.keyId }),
    (body) => ({ ...body, evaluatedElements: body.evaluatedElements.slice(0, 1) }),
    (body) => ({ ...body, evaluatedElements: [...body.evaluatedElements, body.evaluatedElements[0]] }),
    (body) => ({ ...body, evaluatedElements: [body.evaluatedElements[1], body.evaluatedElements[0]] }),
    (body) => ({ ...body, proof: undefined }),
    (body) => ({ ...body, proof: body.proof.slice(0, 40) }),
  ]) {
    const svc = service({ tamper: { evaluate } });
    await assert.rejects(submit(client(svc), [NIR_IN, NAME_IN]), KeyMismatchError);
  }
});

test('an evaluated element that is not a point is a protocol error', async () => {
  const svc = service({ tamper: { evaluate: (body) => ({ ...body, evaluatedElements: [...body.evaluatedElements.slice(0, 3), base64urlEncode(new Uint8Array(33).fill(0xff))] }) } });
  await assert.rejects(submit(client(svc), [NIR_IN]), ProtocolError);
});

test('another protocol version, suite or mode is refused before anything is sent', async () => {
  for (const change of [{ protocolVersion: 1 }, { suite: 'P384-SHA384' }, { mode: 'OPRF' }]) {
    const svc = service({ tamper: { info: (info) => ({ ...info, ...change }) } });
    await assert.rejects(submit(client(svc), [NIR_IN]), UnsupportedServiceError);
    assert.equal(svc.requests.length, 1);
  }
});

// ---- reloads, bucket answers and corrupt items (§7.5) ---------------------------------------------------

test('404 load.unknown: /v2/info is read again and the whole submission redone once, with fresh blinds', async () => {
  const svc = service();
  const c = client(svc);
  await c.info();
  svc.reload('labs-2024');
  const sent = [];
  const result = await c.run(await c.prepare([NIR_IN]), { onEvaluate: (e) => sent.push(e) });
  assert.equal(result.verdicts[0].matches.length, 2, 'found in both datasets, the reloaded one included');
  assert.equal(svc.count((r) => r.path === '/v2/info'), 2);
  assert.equal(evaluations(svc).length, 2);
  assert.notDeepEqual(sent[0], sent[1], 'fresh blinds');
  assert.equal(bucketReads(svc, 'labs-2021').length, 2 * Q, 'every read of both submissions');
  assert.equal(bucketReads(svc, 'labs-2024').length, 2 * Q);
});

test('a second load.unknown in a row is an error, not a verdict', async () => {
  const svc = service({ tamper: { bucket: () => new Response(JSON.stringify({ status: 404, rule: 'load.unknown' }), { status: 404 }) } });
  await assert.rejects(submit(client(svc), [NIR_IN]), /replaced twice/);
  assert.equal(evaluations(svc).length, 2);
});

test('a bucket answer for another dataset, load or bucket, or of the wrong size, is a protocol error', async () => {
  for (const bucket of [
    (body) => ({ ...body, bucket: body.bucket + 1 }),
    (body) => ({ ...body, dataset: 'labs-2099' }),
    (body) => ({ ...body, load: '0'.repeat(32) }),
    (body) => ({ ...body, entries: base64urlEncode(base64urlDecode(body.entries).slice(32)) }),
    (body) => ({ ...body, entries: `${body.entries}AAAA` }),
  ]) {
    const svc = service({ tamper: { bucket } });
    await assert.rejects(submit(client(svc), [NIR_OUT]), ProtocolError);
  }
});

test('a matching entry that does not open, or a duplicated one, is an error, never found or not found', async () => {
  const corrupt = (change) => (body, dataset, bucket) => {
    const real = dataset.buckets.get(bucket);
    if (!real) return body;
    const entries = base64urlDecode(body.entries);
    change(entries, real[0]);
    return { ...body, entries: base64urlEncode(entries) };
  };
  for (const change of [
    (entries) => { entries[20] ^= 1; }, // the details, so the tag fails
    (entries) => { entries[31] ^= 1; }, // the tag itself
    (entries, entry) => { entries.set(entry, entries.length - 32); }, // the same entry twice
  ]) {
    const svc = service({ tamper: { bucket: corrupt(change) } });
    await assert.rejects(submit(client(svc), [NIR_IN]), ProtocolError);
  }
});

test('datasets with an unknown entry size or out-of-range bucket bits are ignored: not read, not searched', async () => {
  const svc = service({
    tamper: {
      info: (info) => ({
        ...info,
        datasets: [...info.datasets,
          { ...info.datasets[0], id: 'big-entries', entrySize: 48 },
          { ...info.datasets[0], id: 'too-many-bits', bucketBits: 25 },
          { ...info.datasets[0], id: 'BAD ID' }],
      }),
    },
  });
  const result = await submit(client(svc), [NIR_IN]);
  assert.deepEqual(result.datasets.map((d) => d.id), ['labs-2021', 'labs-2024']);
  assert.equal(svc.count((r) => /big-entries|too-many-bits/.test(r.path)), 0);
});

test('HTTP errors carry their status, Retry-After and problem rule; a network failure is a NetworkError', async () => {
  const svc = service({ tamper: { evaluate: () => new Response('{"status":429}', { status: 429, headers: { 'Retry-After': '120' } }) } });
  await assert.rejects(submit(client(svc), [NIR_IN]), (e) => e instanceof HttpError && e.status === 429 && e.retryAfterSeconds === 120);
  const down = new LookupClient({ pinned: PINNED, fetch: async () => { throw new TypeError('fetch failed'); } });
  await assert.rejects(down.info(), NetworkError);
});

// ---- parsers -----------------------------------------------------------------------------------------

const info = {
  protocolVersion: 2, suite: 'P256-SHA256', mode: 'VOPRF', publicKey: TEST_KEY.publicKey, keyId: TEST_KEY.keyId,
  batch: { page: 4, limit: 4, max: 256 },
  datasets: [{ id: 'labs-2021', status: 'served', load: '9f0c1e5b7d2a413f9a0c1e5b7d2a4100', bucketBits: 11, paddedSize: 608, entrySize: 32,
    title: 'Labs', description: 'd', patients: 10, entries: 20, loadedAt: '2026-01-01T00:00:00Z',
    servedUntil: '2027-12-01T00:00:00Z', disclosure: 'open', exposedKinds: ['IDENTITY', 'NIR'], notice: sampleNotice('labs-2021') }],
};

test('info: Q from batch.page, the datasets with their load, bits and padded size', () => {
  const parsed = parseInfo(info, PINNED);
  assert.equal(parsed.q, 4);
  assert.equal(parsed.keyId, TEST_KEY.keyId);
  assert.deepEqual(parsed.datasets.map((d) => [d.id, d.load, d.bucketBits, d.paddedSize, d.loadBytes.length]),
    [['labs-2021', '9f0c1e5b7d2a413f9a0c1e5b7d2a4100', 11, 608, 16]]);
});

test('info: a Q the page cannot use is refused', () => {
  for (const batch of [{ page: 1, limit: 1 }, { page: 2, limit: 2 }, { page: 3, limit: 3 }, { page: 5, limit: 4 }, { page: 4.5 }, { page: 64, limit: 64 }, undefined]) {
    assert.throws(() => parseInfo({ ...info, batch }, PINNED), ProtocolError, JSON.stringify(batch));
  }
});

test('info: a dataset with a bad load, padded size or a duplicate id is ignored', () => {
  const d = info.datasets[0];
  const parsed = parseInfo({ ...info, datasets: [d, { ...d }, { ...d, id: 'a-b-c', load: 'XYZ' },
    { ...d, id: 'd-e-f', paddedSize: 600 }, { ...d, id: 'g-h-i', paddedSize: 0 }] }, PINNED);
  assert.deepEqual(parsed.datasets.map((x) => x.id), ['labs-2021']);
});

test('evaluation and bucket parsers check what they are given', () => {
  assert.throws(() => parseEvaluation(null, PINNED, 4), ProtocolError);
  assert.throws(() => parseEvaluation({ keyId: TEST_KEY.keyId, evaluatedElements: [1, 2, 3, 4], proof: '' }, PINNED, 4), ProtocolError);
  const dataset = parseInfo(info, PINNED).datasets[0];
  const entries = base64urlEncode(new Uint8Array(608 * 32));
  assert.equal(parseBucket({ dataset: 'labs-2021', load: dataset.load, bucket: 7, entries }, dataset, 7).length, 608 * 32);
  assert.throws(() => parseBucket({ dataset: 'labs-2021', load: dataset.load, bucket: 7, entries: 'AA==' }, dataset, 7), ProtocolError);
});

test('the client needs a pinned key', () => {
  assert.throws(() => new LookupClient({}), TypeError);
});
