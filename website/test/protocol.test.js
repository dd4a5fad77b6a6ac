// The JavaScript protocol (src/lib/protocol.js) against the RFC 9497 P256-SHA256 vectors (modes 0
// and 1, Batch = 2 included, every intermediate value through the deterministic seams) and
// against an independent computation of the per-dataset derivations with node:crypto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hkdfSync, createHash, createHmac } from 'node:crypto';
import { p256_oprf } from '@noble/curves/nist.js';
import {
  blind, verifyAndFinalize, parseElement, pinnedKey, keyIdOf, deriveDatasetKeys, datasetContext, datasetTag,
  sealEntry, scanBucket, openEntry, lookupEntry, kindsOf, base64urlEncode, base64urlDecode,
  ProtocolError, KeyMismatchError, Labels, PROTOCOL_VERSION, SUITE, MODE, ELEMENT_SIZE,
  combineVerdicts, ACCESS, PAGE_Q, SCOPE_KINDS, SCOPE_MEMBERSHIP,
} from '../src/lib/protocol.js';
import { hex, toHex, fixedScalar, fixedScalars, rfc9497, TEST_KEY } from './vectors.js';

const ascii = (s) => new TextEncoder().encode(s);
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const suite = (mode) => rfc9497.find((s) => s.mode === mode && s.identifier === 'P256-SHA256');
const list = (field) => field.split(',');

test('protocol version 2, P256-SHA256, VOPRF, v2 labels', () => {
  assert.equal(PROTOCOL_VERSION, 2);
  assert.equal(SUITE, 'P256-SHA256');
  assert.equal(MODE, 'VOPRF');
  assert.deepEqual(Labels, {
    KEY_INFO: 'leakcheck-v2/oprf-key', PADDING: 'leakcheck-v2/padding', LOAD: 'leakcheck-v2/load',
    CONTENT: 'leakcheck-v2/content', BUCKET: 'leakcheck-v2/bucket', FINGERPRINT: 'leakcheck-v2/fingerprint',
    DETAILS: 'leakcheck-v2/details', DATASET_TAG: 'leakcheck-v2/dataset-tag',
  });
});

// ---- RFC 9497 Appendix A.3 -----------------------------------------------------------------------

test('RFC 9497 A.3.1 mode 0: DeriveKeyPair, then every vector at every step', () => {
  const s = suite(0);
  assert.equal(toHex(p256_oprf.oprf.deriveKeyPair(hex(s.seed), hex(s.keyInfo)).secretKey), s.skSm);
  assert.ok(s.vectors.length >= 2);
  for (const v of s.vectors) {
    const inputs = list(v.Input);
    const blinds = list(v.Blind);
    inputs.forEach((input, i) => {
      const b = p256_oprf.oprf.blind(hex(input), fixedScalar(blinds[i]));
      assert.equal(toHex(b.blind), blinds[i], 'Blind');
      assert.equal(toHex(b.blinded), list(v.BlindedElement)[i], 'BlindedElement');
      const z = p256_oprf.oprf.blindEvaluate(hex(s.skSm), b.blinded);
      assert.equal(toHex(z), list(v.EvaluationElement)[i], 'EvaluationElement');
      assert.equal(toHex(p256_oprf.oprf.finalize(hex(input), b.blind, z)), list(v.Output)[i], 'Output');
      assert.equal(toHex(p256_oprf.oprf.evaluate(hex(s.skSm), hex(input))), list(v.Output)[i], 'Evaluate');
    });
  }
});

test('RFC 9497 A.3.2 mode 1: DeriveKeyPair gives skSm and pkSm', () => {
  const s = suite(1);
  const keys = p256_oprf.voprf.deriveKeyPair(hex(s.seed), hex(s.keyInfo));
  assert.equal(toHex(keys.secretKey), s.skSm);
  assert.equal(toHex(keys.publicKey), s.pkSm);
});

for (const [n, v] of suite(1).vectors.entries()) {
  test(`RFC 9497 A.3.2 mode 1 vector ${n + 1} (Batch = ${v.Batch}): blind, evaluate, proof with its nonce, verify, finalize`, () => {
    const s = suite(1);
    const inputs = list(v.Input).map(hex);
    assert.equal(inputs.length, v.Batch);
    const blinds = list(v.Blind);
    // Client: Blind through the page's own function and its seam.
    const items = inputs.map((input, i) => ({ input, ...blind(input, fixedScalar(blinds[i])) }));
    assert.deepEqual(items.map((i) => toHex(i.blind)), blinds, 'Blind');
    assert.equal(items.map((i) => toHex(i.blindedElement)).join(','), v.BlindedElement, 'BlindedElement');
    // Server: BlindEvaluateBatch with the vector's proof nonce r (ComputeCompositesFast).
    const { evaluated, proof } = p256_oprf.voprf.blindEvaluateBatch(hex(s.skSm), hex(s.pkSm),
      items.map((i) => i.blindedElement), fixedScalar(v.Proof.r));
    assert.equal(evaluated.map(toHex).join(','), v.EvaluationElement, 'EvaluationElement');
    assert.equal(toHex(proof), v.Proof.proof, 'Proof');
    // Client: VerifyProof (ComputeComposites) against the pinned pkSm, then Finalize.
    const pinned = pinnedKey(base64urlEncode(hex(s.pkSm)), keyIdOf(hex(s.pkSm)));
    const outputs = verifyAndFinalize(items, list(v.EvaluationElement).map(hex), hex(v.Proof.proof), pinned);
    assert.equal(outputs.map(toHex).join(','), v.Output, 'Output');
    inputs.forEach((input, i) => assert.equal(toHex(p256_oprf.voprf.evaluate(hex(s.skSm), input)), list(v.Output)[i], 'Evaluate'));
  });
}

// ---- proofs that must fail -----------------------------------------------------------------------

const batchVector = suite(1).vectors.find((v) => v.Batch === 2);
function batchCase() {
  const s = suite(1);
  const items = list(batchVector.Input).map((x, i) => ({ input: hex(x), ...blind(hex(x), fixedScalar(list(batchVector.Blind)[i])) }));
  const pinned = pinnedKey(base64urlEncode(hex(s.pkSm)), keyIdOf(hex(s.pkSm)));
  return { items, pinned, evaluated: list(batchVector.EvaluationElement).map(hex), proof: hex(batchVector.Proof.proof) };
}

test('every flipped bit of the proof is a key error, never an output', () => {
  const { items, pinned, evaluated, proof } = batchCase();
  for (let byte = 0; byte < proof.length; byte += 7) {
    const tampered = proof.slice();
    tampered[byte] ^= 0x01;
    assert.throws(() => verifyAndFinalize(items, evaluated, tampered, pinned), KeyMismatchError, `byte ${byte}`);
  }
});

test('a proof scalar at or above the group order, or a proof of another length, is a key error', () => {
  const { items, pinned, evaluated, proof } = batchCase();
  const nBytes = hex(N.toString(16));
  assert.throws(() => verifyAndFinalize(items, evaluated, Uint8Array.from([...nBytes, ...proof.slice(32)]), pinned), KeyMismatchError);
  assert.throws(() => verifyAndFinalize(items, evaluated, Uint8Array.from([...proof.slice(0, 32), ...nBytes]), pinned), KeyMismatchError);
  assert.throws(() => verifyAndFinalize(items, evaluated, proof.slice(0, 63), pinned), KeyMismatchError);
});

test('a valid proof under another key, or evaluations swapped or missing, are key errors', () => {
  const { items, pinned, evaluated, proof } = batchCase();
  // The server evaluates honestly, but under a key of its own, with a proof for that key.
  const other = p256_oprf.voprf.deriveKeyPair(new Uint8Array(32).fill(9), ascii('another key'));
  const rogue = p256_oprf.voprf.blindEvaluateBatch(other.secretKey, other.publicKey, items.map((i) => i.blindedElement));
  assert.throws(() => verifyAndFinalize(items, rogue.evaluated, rogue.proof, pinned), KeyMismatchError);
  assert.throws(() => verifyAndFinalize(items, [evaluated[1], evaluated[0]], proof, pinned), KeyMismatchError, 'swapped');
  assert.throws(() => verifyAndFinalize(items, [evaluated[0]], proof, pinned), KeyMismatchError, 'one missing');
  // The same answer verifies against the rogue key: it is the pinning that refuses it.
  const rogueKey = pinnedKey(base64urlEncode(other.publicKey), keyIdOf(other.publicKey));
  assert.equal(verifyAndFinalize(items, rogue.evaluated, rogue.proof, rogueKey).length, 2);
});

// ---- elements and keys (§4.5, §4.1) ------------------------------------------------------------

test('elements: wrong length, prefix, x ≥ p, x off the curve and the identity are refused', () => {
  const good = hex(suite(1).pkSm);
  assert.equal(parseElement(good).toBytes().length, ELEMENT_SIZE);
  assert.throws(() => parseElement(good.slice(0, 32)), /element.length/);
  assert.throws(() => parseElement(new Uint8Array([0])), /element.length/, 'identity as 0x00');
  assert.throws(() => parseElement(Uint8Array.from([0x04, ...good.slice(1)])), /element.prefix/);
  const xTooBig = new Uint8Array(33).fill(0xff);
  xTooBig[0] = 0x02;
  assert.throws(() => parseElement(xTooBig), ProtocolError, 'x ≥ p');
  let offCurve = 0;
  for (let k = 1; k < 20; k++) {
    const e = good.slice();
    e[32] ^= k;
    try {
      parseElement(e);
    } catch (err) {
      assert.ok(err instanceof ProtocolError);
      offCurve++;
    }
  }
  assert.ok(offCurve > 0, 'some x with no point on the curve is refused');
});

test('keyId is the first 8 bytes of SHA-256 of the element; a pinned key must match its keyId', () => {
  const pk = TEST_KEY.pkS;
  assert.equal(keyIdOf(pk), createHash('sha256').update(pk).digest('hex').slice(0, 16));
  const pinned = pinnedKey(TEST_KEY.publicKey, TEST_KEY.keyId);
  assert.deepEqual(pinned.publicKey, pk);
  assert.throws(() => pinnedKey(TEST_KEY.publicKey, '0000000000000000'), /not the hash/);
  assert.throws(() => pinnedKey(TEST_KEY.publicKey, TEST_KEY.keyId.toUpperCase()), ProtocolError);
  assert.throws(() => pinnedKey('AA', keyIdOf(new Uint8Array([0]))), ProtocolError);
});

// ---- per-dataset derivations (§5) ---------------------------------------------------------------

const D = 'labs-2021';
const L = hex('9f0c1e5b7d2a413f9a0c1e5b7d2a4100');

function expected(y, label, length) {
  const ctx = Buffer.concat([Buffer.from(D), Buffer.from([0]), L]);
  const info = Buffer.concat([Buffer.from(label), Buffer.from([0]), ctx]);
  return new Uint8Array(hkdfSync('sha256', y, Buffer.alloc(0), info, length));
}

test('bucket, fingerprint and details key are HKDF of y with D || 0x00 || L (checked with node:crypto)', () => {
  const y = hex('0412e8f78b02c415ab3a288e228978376f99927767ff37c5718d420010a645a1');
  for (const bits of [0, 1, 4, 11, 12, 19, 24]) {
    const keys = deriveDatasetKeys(y, D, L, bits);
    const top = new DataView(expected(y, Labels.BUCKET, 4).buffer).getUint32(0);
    assert.equal(keys.bucket, bits === 0 ? 0 : top >>> (32 - bits), `B = ${bits}`);
    assert.ok(keys.bucket >= 0 && keys.bucket < 2 ** bits);
  }
  const keys = deriveDatasetKeys(y, D, L, 11);
  assert.deepEqual(keys.fingerprint, expected(y, Labels.FINGERPRINT, 16));
  const dk = expected(y, Labels.DETAILS, 40);
  assert.deepEqual(keys.stream, dk.slice(0, 8));
  assert.deepEqual(keys.macKey, dk.slice(8));
  assert.deepEqual(datasetContext(D, L), Uint8Array.from([...ascii(D), 0, ...L]));
});

test('every derivation depends on the dataset and on the load', () => {
  const y = hex('771e10dcd6bcd3664e23b8f2a710cfaaa8357747c4a8cbba03133967b5c24f18');
  const a = deriveDatasetKeys(y, D, L, 24);
  const otherLoad = L.slice();
  otherLoad[15] ^= 1;
  for (const b of [deriveDatasetKeys(y, 'labs-2022', L, 24), deriveDatasetKeys(y, D, otherLoad, 24)]) {
    assert.notDeepEqual(b.fingerprint, a.fingerprint);
    assert.notDeepEqual(b.stream, a.stream);
    assert.notDeepEqual(b.macKey, a.macKey);
    assert.notEqual(b.bucket, a.bucket);
  }
  assert.throws(() => deriveDatasetKeys(y, D, L, 25), ProtocolError);
  assert.throws(() => deriveDatasetKeys(y, D, L, -1), ProtocolError);
  assert.throws(() => deriveDatasetKeys(y, D, L.slice(0, 15), 11), ProtocolError);
  assert.throws(() => deriveDatasetKeys(y, 'BAD', L, 11), ProtocolError);
});

test('dataset tag and sealed entry follow §5 byte for byte (checked with node:crypto)', () => {
  assert.equal(toHex(datasetTag(D)), createHash('sha256').update(`${Labels.DATASET_TAG}\u0000${D}`).digest('hex').slice(0, 8));
  const keys = deriveDatasetKeys(hex('aa'.repeat(32)), D, L, 11);
  const mask = 0b1010000011;
  const entry = sealEntry(keys, mask);
  assert.equal(entry.length, 32);
  assert.deepEqual(entry.slice(0, 16), keys.fingerprint);
  const details = Uint8Array.from([1, mask >> 8, mask & 255, ...datasetTag(D), 0]);
  const ciphertext = details.map((b, i) => b ^ keys.stream[i]);
  assert.deepEqual(entry.slice(16, 24), ciphertext);
  assert.deepEqual(entry.slice(24), new Uint8Array(createHmac('sha256', keys.macKey).update(ciphertext).digest()).slice(0, 8));
  assert.deepEqual(openEntry(entry, 0, keys), { mask, kinds: ['IDENTITY', 'NIR', 'MEDICAL', 'COMMENTS'], membershipOnly: false });
  assert.deepEqual(kindsOf(mask | (1 << 15)), ['IDENTITY', 'NIR', 'MEDICAL', 'COMMENTS'], 'unknown bits are ignored');
});

// ---- bucket search (§6.1, §7.5) ---------------------------------------------------------------------

function item(size, placements) {
  const entries = new Uint8Array(size * 32);
  for (let i = 0; i < entries.length; i++) entries[i] = (i * 131 + 7) & 255;
  for (const [at, entry] of placements) entries.set(entry, at * 32);
  return entries;
}

test('scan counts every match and returns the first, without stopping early', () => {
  const keys = deriveDatasetKeys(hex('01'.repeat(32)), D, L, 11);
  const e = sealEntry(keys, 3);
  assert.deepEqual(scanBucket(item(16, []), keys.fingerprint), { count: 0, index: -1 });
  assert.deepEqual(scanBucket(item(16, [[0, e]]), keys.fingerprint), { count: 1, index: 0 });
  assert.deepEqual(scanBucket(item(16, [[15, e]]), keys.fingerprint), { count: 1, index: 15 });
  assert.deepEqual(scanBucket(item(16, [[4, e], [9, e]]), keys.fingerprint), { count: 2, index: 4 });
  assert.throws(() => scanBucket(new Uint8Array(33), keys.fingerprint), ProtocolError);
});

test('lookup: no match is null, one match opens, a match that does not open or two matches are errors', () => {
  const keys = deriveDatasetKeys(hex('02'.repeat(32)), D, L, 11);
  const e = sealEntry(keys, 0b11);
  assert.equal(lookupEntry(item(32, []), keys), null);
  assert.deepEqual(lookupEntry(item(32, [[17, e]]), keys), { mask: 3, kinds: ['IDENTITY', 'NIR'], membershipOnly: false });
  assert.throws(() => lookupEntry(item(32, [[3, e], [20, e]]), keys), /several entries/);
  for (const at of [16, 23, 24, 31]) {
    const bad = e.slice();
    bad[at] ^= 1;
    assert.throws(() => lookupEntry(item(32, [[5, bad]]), keys), /does not open/, `byte ${at}`);
  }
  // The right keys told that the entry belongs to another dataset: the dataset tag refuses it.
  assert.throws(() => lookupEntry(item(32, [[5, e]]), { ...keys, datasetId: 'labs-2022' }), /does not open/);
});

/** An entry whose details are `details` under a valid tag: what only a forger (or a buggy loader) writes. */
function forged(keys, details) {
  const ciphertext = details.map((b, i) => b ^ keys.stream[i]);
  const tag = new Uint8Array(createHmac('sha256', keys.macKey).update(ciphertext).digest()).slice(0, 8);
  return Uint8Array.from([...keys.fingerprint, ...ciphertext, ...tag]);
}

test('a membership-only entry: mask 0, scope byte 0x01, opens as membershipOnly', () => {
  const keys = deriveDatasetKeys(hex('04'.repeat(32)), D, L, 11);
  const entry = sealEntry(keys, 0, true);
  const details = Uint8Array.from([1, 0, 0, ...datasetTag(D), SCOPE_MEMBERSHIP]);
  assert.deepEqual(entry, forged(keys, details), 'sealed as §5 says');
  assert.deepEqual(openEntry(entry, 0, keys), { mask: 0, kinds: [], membershipOnly: true });
  assert.deepEqual(lookupEntry(item(16, [[3, entry]]), keys), { mask: 0, kinds: [], membershipOnly: true });
  assert.throws(() => sealEntry(keys, 1, true), RangeError);
  // Scope KINDS with an empty mask is not membership.
  assert.deepEqual(openEntry(sealEntry(keys, 0), 0, keys), { mask: 0, kinds: [], membershipOnly: false });
  assert.equal(SCOPE_KINDS, 0);
});

test('an entry sealed with another version, another scope byte, or membership with a mask does not open', () => {
  const keys = deriveDatasetKeys(hex('03'.repeat(32)), D, L, 11);
  const bad = [
    [2, 0, 3, 0], // version 2
    [0, 0, 0, 1], // version 0
    [1, 0, 3, 2], // scope 0x02
    [1, 0, 0, 0xff], // scope 0xff
    [1, 0, 1, 1], // membership with a known bit
    [1, 0x80, 0, 1], // membership with an unknown bit
  ];
  for (const [version, high, low, scope] of bad) {
    const entry = forged(keys, Uint8Array.from([version, high, low, ...datasetTag(D), scope]));
    assert.equal(openEntry(entry, 0, keys), null, `${version} ${high} ${low} ${scope}`);
    assert.throws(() => lookupEntry(item(16, [[2, entry]]), keys), /does not open/);
  }
});

// ---- verdicts (§7.5) --------------------------------------------------------------------------------

const KINDS = ['NIR', 'MEDICAL'];
const kindsMatch = (datasetId) => ({ datasetId, mask: 0b10000010, kinds: KINDS, membershipOnly: false });
const membershipMatch = (datasetId) => ({ datasetId, mask: 0, kinds: [], membershipOnly: true });
const kinds = (datasetId) => ({ datasetId, access: 'kinds', mask: 0b10000010, kinds: KINDS });

/** The two lookups of a person present in `datasetId` under `policy`, as the entries of §3.1 make them. */
function verdictOf(policy, datasetId, typed) {
  const plain = policy === 'open' ? [kindsMatch(datasetId)] : policy === 'membership' ? [membershipMatch(datasetId)] : [];
  const bound = policy !== 'open' && typed === 'right' ? [kindsMatch(datasetId)] : [];
  return combineVerdicts(plain, typed === 'none' ? null : bound);
}

test('verdicts: every policy × (no factor, right factor, wrong factor)', () => {
  const table = {
    open: { none: [kinds('d-open')], right: [kinds('d-open')], wrong: [kinds('d-open')] },
    membership: {
      none: [{ datasetId: 'd-membership', access: 'factor-needed', mask: 0, kinds: [] }],
      right: [kinds('d-membership')],
      wrong: [{ datasetId: 'd-membership', access: 'factor-wrong', mask: 0, kinds: [] }],
    },
    gated: { none: [], right: [kinds('d-gated')], wrong: [] },
  };
  for (const [policy, row] of Object.entries(table)) {
    for (const [typed, expected] of Object.entries(row)) {
      assert.deepEqual(verdictOf(policy, `d-${policy}`, typed), expected, `${policy} × ${typed}`);
    }
  }
});

test('verdicts: several datasets sorted by id, the factor-bound match wins, other properties are kept', () => {
  const dataset = { id: 'b-membership' };
  const plain = [kindsMatch('c-open'), { ...membershipMatch('b-membership'), dataset }, membershipMatch('a-membership')];
  const bound = [{ ...kindsMatch('b-membership'), dataset }];
  assert.deepEqual(combineVerdicts(plain, bound), [
    { datasetId: 'a-membership', access: 'factor-wrong', mask: 0, kinds: [] },
    { datasetId: 'b-membership', dataset, access: 'kinds', mask: 0b10000010, kinds: KINDS },
    kinds('c-open'),
  ]);
  assert.deepEqual(combineVerdicts([], null), []);
  assert.deepEqual(combineVerdicts([], []), []);
  assert.throws(() => combineVerdicts(null, null), TypeError);
  assert.throws(() => combineVerdicts([], undefined), TypeError);
  assert.deepEqual(ACCESS, { KINDS: 'kinds', FACTOR_NEEDED: 'factor-needed', FACTOR_WRONG: 'factor-wrong' });
});

test('verdicts do not share arrays with the matches they combine', () => {
  const match = kindsMatch('d-open');
  const [v] = combineVerdicts([match], null);
  v.kinds.push('EMAIL');
  assert.deepEqual(match.kinds, KINDS);
});

test('Q of the page is 4: a NIR and a name with birth date, each alone and bound to the factor', () => {
  assert.equal(PAGE_Q, 4);
});

// ---- base64url (§7) ---------------------------------------------------------------------------------

test('base64url round-trips and is strict', () => {
  for (let n = 0; n < 40; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
    const text = base64urlEncode(bytes);
    assert.equal(text, Buffer.from(bytes).toString('base64url'));
    assert.deepEqual(base64urlDecode(text), bytes);
  }
  assert.equal(base64urlEncode(TEST_KEY.pkS).length, 44);
  for (const bad of ['AA==', 'A+8', 'A/8', 'AA AA', 'A', 'AB', 'AAB']) {
    assert.throws(() => base64urlDecode(bad), ProtocolError, bad);
  }
});

test('the blind seam gives the same blind twice, the default never', () => {
  const x = ascii('x');
  const r = '3338fa65ec36e0290022b48eb562889d89dbfa691d1cde91517fa222ed7ad364';
  assert.deepEqual(blind(x, fixedScalar(r)).blindedElement, blind(x, fixedScalar(r)).blindedElement);
  assert.notDeepEqual(blind(x).blindedElement, blind(x).blindedElement);
  const seq = fixedScalars([r, r]);
  assert.deepEqual(blind(x, seq).blind, hex(r));
});
