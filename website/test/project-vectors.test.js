// The JavaScript protocol against the Java-generated project vectors (vectors/leakcheck-v2.json),
// byte for byte: the key and its derivations, each dataset's tag and content-derived load id,
// every identity's canonical encoding (plain and bound to a factor), OPRF output, bucket,
// fingerprint, sealed details with their scope, entry and opening in every dataset (one per
// disclosure policy), the verdicts they combine into, every batch of Q = 4 (blinds, blinded and
// evaluated elements, the proof with its fixed nonce, outputs), and an example padded bucket item
// with its filler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hkdfSync, createHash, createHmac } from 'node:crypto';
import { p256_oprf } from '@noble/curves/nist.js';
import {
  blind, verifyAndFinalize, pinnedKey, keyIdOf, deriveDatasetKeys, datasetTag, sealEntry, lookupEntry, kindsOf,
  combineVerdicts, base64urlEncode, Labels, PROTOCOL_VERSION, SUITE, MODE, PAGE_Q,
} from '../src/lib/protocol.js';
import { parseNirIdentity, parseNameDobIdentity, parseFactorIdentity } from '../src/lib/identity.js';
import { parseBucket } from '../src/lib/client.js';
import { hex, toHex, fixedScalar, projectVectors as pv, TEST_KEY } from './vectors.js';

const ascii = (s) => new TextEncoder().encode(s);
const u16 = (n) => Uint8Array.of(n >>> 8, n & 255);
const u32 = (n) => Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
const cat = (...parts) => Uint8Array.from(parts.flatMap((p) => [...p]));
const datasetsById = new Map(pv.datasets.map((d) => [d.id, d]));
const pinned = pinnedKey(base64urlEncode(hex(pv.key.pkS)), pv.key.keyId);

test('the vector file is protocol 2, P256-SHA256, VOPRF, Q = 4, ≥ 20 persons plain and bound, one dataset per policy', () => {
  assert.equal(pv.protocolVersion, PROTOCOL_VERSION);
  assert.equal(pv.suite, SUITE);
  assert.equal(pv.mode, MODE);
  assert.equal(pv.q, 4);
  assert.equal(pv.q, PAGE_Q);
  assert.ok(pv.vectors.filter((v) => !v.kind.includes('+')).length >= 20);
  assert.ok(pv.datasets.length >= 3);
  assert.ok(new Set(pv.datasets.map((d) => d.bucketBits)).size >= 3);
  assert.deepEqual(new Set(pv.vectors.map((v) => v.kind)), new Set(['nir', 'name-dob', 'nir+factor', 'name-dob+factor']));
  assert.deepEqual(new Set(pv.datasets.map((d) => d.disclosure)), new Set(['open', 'membership', 'gated']));
  const scopes = new Set(pv.vectors.flatMap((v) => v.datasets.map((e) => e.scope)));
  assert.deepEqual(scopes, new Set([0, 1]), 'kinds and membership-only entries both appear');
});

/** A project vector's identity as the page builds it: the plain identity, bound to the factor when typed. */
function parseVector(v) {
  const plain = v.input.nir !== undefined
    ? parseNirIdentity(v.input.nir)
    : parseNameDobIdentity(v.input.lastName, v.input.firstName, v.input.birthDate);
  return v.input.factor === undefined ? plain : parseFactorIdentity(plain, v.input.factor);
}

test('the key: DeriveKeyPair(seed, KEY_INFO), keyId, and the padding key HKDF(seed, PADDING)', () => {
  assert.equal(pv.key.info, Labels.KEY_INFO);
  const { secretKey, publicKey } = p256_oprf.voprf.deriveKeyPair(hex(pv.key.seed), ascii(pv.key.info));
  assert.equal(toHex(secretKey), pv.key.skS);
  assert.equal(toHex(publicKey), pv.key.pkS);
  assert.equal(keyIdOf(publicKey), pv.key.keyId);
  const paddingKey = hkdfSync('sha256', hex(pv.key.seed), Buffer.alloc(0), Labels.PADDING, 32);
  assert.equal(Buffer.from(paddingKey).toString('hex'), pv.key.paddingKey);
  assert.equal(TEST_KEY.keyId, pv.key.keyId);
});

for (const d of pv.datasets) {
  test(`dataset ${d.id} (B_D = ${d.bucketBits}): dataset tag, content digest and load id`, () => {
    assert.equal(toHex(datasetTag(d.id)), d.datasetTag);
    // §6.3: contentDigest = Σ SHA-256(CONTENT || 0x00 || u16(len x) || x || u16(mask) || u8(scope)) mod 2^256.
    let sum = 0n;
    for (const n of d.vectors) {
      const v = pv.vectors[n];
      const x = hex(v.canonical);
      const { exposureMask: mask, scope } = v.datasets.find((e) => e.id === d.id);
      const digest = createHash('sha256')
        .update(cat(ascii(Labels.CONTENT), [0], u16(x.length), x, u16(mask), [scope])).digest('hex');
      sum = (sum + BigInt(`0x${digest}`)) % (1n << 256n);
    }
    assert.equal(sum.toString(16).padStart(64, '0'), d.contentDigest);
    // L = HMAC(paddingKey, LOAD || 0x00 || D || 0x00 || u8(B_D) || contentDigest)[0..16).
    const load = createHmac('sha256', hex(pv.key.paddingKey))
      .update(cat(ascii(Labels.LOAD), [0], ascii(d.id), [0], [d.bucketBits], hex(d.contentDigest))).digest('hex').slice(0, 32);
    assert.equal(load, d.load);
  });
}

for (const [n, v] of pv.vectors.entries()) {
  test(`vector ${n} (${v.kind}): canonical encoding, OPRF output, then bucket, fingerprint, entry and opening per dataset`, () => {
    const identity = parseVector(v);
    assert.equal(identity.kind, v.kind, 'kind');
    assert.equal(toHex(identity.encoding), v.canonical, 'canonical');
    assert.deepEqual(identity.fields, v.identity, 'canonical fields');
    const y = p256_oprf.voprf.evaluate(hex(pv.key.skS), identity.encoding);
    assert.equal(toHex(y), v.output, 'output');
    assert.ok(v.datasets.length >= 1);
    for (const e of v.datasets) {
      const d = datasetsById.get(e.id);
      const keys = deriveDatasetKeys(y, d.id, hex(d.load), d.bucketBits);
      assert.equal(keys.bucket, e.bucket, `${d.id} bucket`);
      assert.equal(toHex(keys.fingerprint), e.fingerprint, `${d.id} fingerprint`);
      const membershipOnly = e.scope === 1;
      // §5: details = 0x01 || u16(mask) || datasetTag || scope.
      assert.equal(e.details, toHex(cat([1], u16(e.exposureMask), datasetTag(d.id), [e.scope])), `${d.id} details`);
      assert.equal(toHex(sealEntry(keys, e.exposureMask, membershipOnly)), e.entry, `${d.id} entry`);
      assert.deepEqual(kindsOf(e.exposureMask), e.exposure, `${d.id} exposure`);
      assert.deepEqual(lookupEntry(hex(e.entry), keys), { mask: e.exposureMask, kinds: e.exposure, membershipOnly },
        `${d.id} opening`);
    }
    // Datasets this identity is not in: its fingerprint matches nothing there.
    for (const d of pv.datasets.filter((x) => !v.datasets.some((e) => e.id === x.id))) {
      const keys = deriveDatasetKeys(y, d.id, hex(d.load), d.bucketBits);
      const entries = hex(pv.vectors.flatMap((w) => w.datasets.filter((e) => e.id === d.id).map((e) => e.entry)).join(''));
      assert.equal(lookupEntry(entries, keys), null);
    }
  });
}

for (const [n, b] of pv.batches.entries()) {
  test(`batch ${n} (${b.vectors.join(', ')}): blinds, blinded elements, evaluation, proof with its nonce, verification, outputs`, () => {
    const dummies = [...(b.dummyInputs ?? [])];
    const inputs = b.vectors.map((i) => hex(i === 'dummy' ? dummies.shift() : pv.vectors[i].canonical));
    assert.equal(dummies.length, 0, 'every dummy input is used');
    assert.equal(inputs.length, pv.q);
    const items = inputs.map((input, i) => ({ input, ...blind(input, fixedScalar(b.blinds[i])) }));
    assert.deepEqual(items.map((i) => toHex(i.blind)), b.blinds, 'blinds');
    assert.deepEqual(items.map((i) => toHex(i.blindedElement)), b.blindedElements, 'blindedElements');
    const { evaluated, proof } = p256_oprf.voprf.blindEvaluateBatch(hex(pv.key.skS), hex(pv.key.pkS),
      items.map((i) => i.blindedElement), fixedScalar(b.proofNonce));
    assert.deepEqual(evaluated.map(toHex), b.evaluatedElements, 'evaluatedElements');
    assert.equal(toHex(proof), b.proof, 'proof');
    const outputs = verifyAndFinalize(items, b.evaluatedElements.map(hex), hex(b.proof), pinned);
    assert.deepEqual(outputs.map(toHex), b.outputs, 'outputs');
    b.vectors.forEach((i, j) => {
      if (i !== 'dummy') assert.equal(b.outputs[j], pv.vectors[i].output, 'batch output = vector output');
    });
  });
}

test('the example bucket item: one vector\'s entry and its filler, sorted; the page reads it and finds the entry', () => {
  const { dataset, bucket, paddedSize, item, vector } = pv.bucketItem;
  const d = datasetsById.get(dataset);
  const entries = hex(item);
  assert.equal(entries.length, paddedSize * 32);
  const real = [pv.vectors[vector].datasets.find((e) => e.id === dataset).entry];
  assert.equal(pv.vectors[vector].datasets.find((e) => e.id === dataset).bucket, bucket);
  // §6.2: filler_i = HMAC(paddingKey, PADDING || 0x00 || D || 0x00 || L || u32(bucket) || u32(i)).
  const filler = [];
  for (let i = 0; i < paddedSize - real.length; i++) {
    filler.push(createHmac('sha256', hex(pv.key.paddingKey))
      .update(cat(ascii(Labels.PADDING), [0], ascii(dataset), [0], hex(d.load), u32(bucket), u32(i))).digest('hex'));
  }
  assert.equal(item, [...real, ...filler].sort().join(''), 'sorted entries and filler');

  const served = { id: dataset, load: d.load, paddedSize };
  const read = parseBucket({ dataset, load: d.load, bucket, entries: base64urlEncode(entries) }, served, bucket);
  const v = pv.vectors[vector];
  const e = v.datasets.find((x) => x.id === dataset);
  const keys = deriveDatasetKeys(hex(v.output), dataset, hex(d.load), d.bucketBits);
  assert.deepEqual(lookupEntry(read, keys), { mask: e.exposureMask, kinds: e.exposure, membershipOnly: e.scope === 1 });
});

test('the entries of each policy combine into the verdicts of §7.5 for every person, with and without their factor', () => {
  const entryOf = (v, d) => v?.datasets.find((e) => e.id === d.id);
  const lookup = (v, d) => {
    const e = entryOf(v, d);
    if (!e) return [];
    const keys = deriveDatasetKeys(hex(v.output), d.id, hex(d.load), d.bucketBits);
    return [{ datasetId: d.id, ...lookupEntry(hex(e.entry), keys) }];
  };
  const wrongFactorFinds = []; // a wrong factor's bound identity is in no dataset
  for (const [n, v] of pv.vectors.entries()) {
    if (v.kind.includes('+')) continue;
    const bound = pv.vectors.find((w) => w.person === n && w.kind.includes('+'));
    for (const d of pv.datasets) {
      const inDataset = d.vectors.includes(n) || (bound && d.vectors.includes(pv.vectors.indexOf(bound)));
      const none = combineVerdicts(lookup(v, d), null);
      const right = combineVerdicts(lookup(v, d), bound ? lookup(bound, d) : []);
      const wrong = combineVerdicts(lookup(v, d), wrongFactorFinds);
      const access = (verdicts) => verdicts.map((x) => x.access).join() || 'not found';
      if (!inDataset) {
        assert.deepEqual([none, right, wrong], [[], [], []], `person ${n} is not in ${d.id}`);
      } else if (d.disclosure === 'open') {
        assert.deepEqual([access(none), access(right), access(wrong)], ['kinds', 'kinds', 'kinds'], `${d.id} ${n}`);
        assert.deepEqual(none[0].kinds, entryOf(v, d).exposure);
      } else if (d.disclosure === 'membership') {
        assert.deepEqual([access(none), access(right), access(wrong)],
          ['factor-needed', bound ? 'kinds' : 'factor-wrong', 'factor-wrong'], `${d.id} ${n}`);
        if (bound) assert.deepEqual(right[0].kinds, entryOf(bound, d).exposure);
      } else {
        assert.deepEqual([access(none), access(right), access(wrong)], ['not found', 'kinds', 'not found'], `${d.id} ${n}`);
      }
    }
  }
});
