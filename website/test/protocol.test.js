// The JavaScript protocol against the Java-generated project vectors (vectors/leakcheck-v1.json)
// and the RFC 9497 P256-SHA256 mode-0 vectors: every intermediate value, not only the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { p256_oprf } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hmac } from '@noble/hashes/hmac.js';
import {
  bucketOf, blind, finalize, deriveEntryKeys, datasetTag, sealEntry, findEntry, openEntry, searchBucket,
  kindsOf, base64urlEncode, base64urlDecode, ProtocolError, Labels, PROTOCOL_VERSION, SUITE,
} from '../src/lib/protocol.js';
import { hex, toHex, fixedBlind, projectVectors as pv } from './vectors.js';

const D = pv.datasetId;
const skS = hex(pv.key.skS);

test('vector file is protocol version 1, P256-SHA256', () => {
  assert.equal(pv.protocolVersion, PROTOCOL_VERSION);
  assert.equal(pv.suite, SUITE);
  assert.ok(pv.vectors.length >= 10);
});

test('RFC 9497 A.3.1 mode 0 vectors replay through the fixed-blind seam', () => {
  // RFC 9497 Appendix A.3.1, OPRF(P-256, SHA-256), vectors 1 and 2.
  const sk = hex('159749d750713afe245d2d39ccfaae8381c53ce92d098a9375ee70739c7ac0bf');
  const r = '3338fa65ec36e0290022b48eb562889d89dbfa691d1cde91517fa222ed7ad364';
  const cases = [
    ['00', '03723a1e5c09b8b9c18d1dcbca29e8007e95f14f4732d9346d490ffc195110368d',
      '030de02ffec47a1fd53efcdd1c6faf5bdc270912b8749e783c7ca75bb412958832',
      'a0b34de5fa4c5b6da07e72af73cc507cceeb48981b97b7285fc375345fe495dd'],
    ['5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a', '03cc1df781f1c2240a64d1c297b3f3d16262ef5d4cf102734882675c26231b0838',
      '03a0395fe3828f2476ffcd1f4fe540e5a8489322d398be3c4e5a869db7fcb7c52c',
      'c748ca6dd327f0ce85f4ae3a8cd6d4d5390bbb804c9e12dcf94f853fece3dcce'],
  ];
  for (const [input, blinded, evaluated, output] of cases) {
    const b = blind(hex(input), fixedBlind(r));
    assert.equal(toHex(b.blind), r);
    assert.equal(toHex(b.blindedElement), blinded);
    assert.equal(toHex(p256_oprf.oprf.blindEvaluate(sk, b.blindedElement)), evaluated);
    assert.equal(toHex(finalize(hex(input), b.blind, hex(evaluated))), output);
  }
});

test('the test key derives from its seed and info (RFC 9497 DeriveKeyPair)', () => {
  const keys = p256_oprf.oprf.deriveKeyPair(hex(pv.key.seed), new TextEncoder().encode(pv.key.info));
  assert.equal(toHex(keys.secretKey), pv.key.skS);
  assert.equal(toHex(keys.publicKey), pv.key.pkS);
});

test('dataset tag matches', () => {
  assert.equal(toHex(datasetTag(D)), pv.datasetTag);
});

for (const [i, v] of pv.vectors.entries()) {
  test(`vector ${i} (${v.kind}): bucket, OPRF, fingerprint, entry and opening match Java`, () => {
    const input = hex(v.canonical);
    assert.equal(bucketOf(input, pv.bucketBits), v.bucket, 'bucket');

    const b = blind(input, fixedBlind(v.blind));
    assert.equal(toHex(b.blind), v.blind, 'blind');
    assert.equal(toHex(b.blindedElement), v.blindedElement, 'blindedElement');
    const z = p256_oprf.oprf.blindEvaluate(skS, b.blindedElement);
    assert.equal(toHex(z), v.evaluatedElement, 'evaluatedElement');
    const y = finalize(input, b.blind, z);
    assert.equal(toHex(y), v.output, 'output');
    assert.equal(toHex(p256_oprf.oprf.evaluate(skS, input)), v.output, 'Evaluate = Finalize');

    const keys = deriveEntryKeys(y, D);
    assert.equal(toHex(keys.fingerprint), v.fingerprint, 'fingerprint');
    const entry = sealEntry(keys, v.exposureMask);
    assert.equal(toHex(entry), v.entry, 'entry');

    assert.equal(findEntry(entry, keys), 0);
    const opened = openEntry(entry, 0, keys);
    assert.deepEqual(opened, { mask: v.exposureMask, kinds: v.exposure });
    assert.deepEqual(kindsOf(v.exposureMask), v.exposure);
  });
}

test('the padded bucket item is reproduced, and the lookup finds and opens its entry', () => {
  const { bucket, paddedSize, item, vector } = pv.bucketItem;
  const v = pv.vectors[vector];
  const entries = hex(item);
  assert.equal(entries.length, paddedSize * 32);

  // Filler (docs/protocol.md §6): HMAC(paddingKey, PADDING || 0x00 || D || u32 bucket || u32 i).
  const paddingKey = hmac(sha256, skS, new TextEncoder().encode('leakcheck-v1/padding'));
  assert.equal(toHex(paddingKey), pv.key.paddingKey);
  const filler = [];
  for (let i = 0; i < paddedSize - 1; i++) {
    const msg = new Uint8Array([...new TextEncoder().encode('leakcheck-v1/padding'), 0,
      ...new TextEncoder().encode(D), bucket >>> 24, (bucket >>> 16) & 255, (bucket >>> 8) & 255, bucket & 255,
      0, 0, 0, i]);
    filler.push(toHex(hmac(sha256, paddingKey, msg)));
  }
  const expected = [...filler, v.entry].sort().join('');
  assert.equal(item, expected, 'sorted filler + entry');

  const y = hex(v.output);
  const matches = searchBucket(y, [{ id: D, entries }]);
  assert.deepEqual(matches, [{ datasetId: D, mask: v.exposureMask, kinds: v.exposure }]);
  const other = hex(pv.vectors[1].output);
  assert.deepEqual(searchBucket(other, [{ id: D, entries }]), [], 'another identity is not found');
});

test('an entry is only opened in its own dataset', () => {
  const v = pv.vectors[0];
  const keys = deriveEntryKeys(hex(v.output), D);
  const entry = hex(v.entry);
  const otherKeys = deriveEntryKeys(hex(v.output), 'other-2021');
  assert.equal(findEntry(entry, otherKeys), -1);
  // Same keys but told the entry belongs elsewhere: the tag binds the keys, the tag byte the dataset.
  assert.equal(openEntry(entry, 0, { ...keys, datasetId: 'other-2021' }), null);
});

test('a corrupted entry never yields details', () => {
  const v = pv.vectors[0];
  const keys = deriveEntryKeys(hex(v.output), D);
  for (const at of [16, 23, 24, 31]) {
    const entry = hex(v.entry);
    entry[at] ^= 1;
    assert.equal(findEntry(entry, keys), 0);
    assert.equal(openEntry(entry, 0, keys), null, `byte ${at}`);
  }
});

test('findEntry returns the first match and scans to the end', () => {
  const v = pv.vectors[2];
  const keys = deriveEntryKeys(hex(v.output), D);
  const e = hex(v.entry);
  const item = new Uint8Array(32 * 5);
  item.set(e, 64);
  item.set(e, 128);
  assert.equal(findEntry(item, keys), 2);
  assert.throws(() => findEntry(new Uint8Array(33), keys), ProtocolError);
});

test('finalize rejects malformed evaluated elements', () => {
  const v = pv.vectors[0];
  const input = hex(v.canonical);
  const r = hex(v.blind);
  const z = hex(v.evaluatedElement);
  assert.throws(() => finalize(input, r, z.slice(0, 32)), ProtocolError, 'short');
  const uncompressed = new Uint8Array(65);
  uncompressed[0] = 4;
  assert.throws(() => finalize(input, r, uncompressed), ProtocolError, 'uncompressed');
  const badPrefix = z.slice();
  badPrefix[0] = 0x04;
  assert.throws(() => finalize(input, r, badPrefix), ProtocolError, 'prefix');
  const xTooBig = new Uint8Array(33).fill(0xff);
  xTooBig[0] = 0x02;
  assert.throws(() => finalize(input, r, xTooBig), ProtocolError, 'x >= p');
  const offCurve = z.slice();
  let rejected = false;
  for (let k = 0; k < 8 && !rejected; k++) {
    offCurve[32] ^= 1 << k;
    try {
      finalize(input, r, offCurve);
    } catch (e) {
      rejected = e instanceof ProtocolError;
    }
  }
  assert.ok(rejected, 'some x with no point on the curve is rejected');
});

test('bucket bits are checked and change the bucket by truncation', () => {
  const input = hex(pv.vectors[0].canonical);
  const b12 = bucketOf(input, 12);
  assert.equal(bucketOf(input, 8), b12 >>> 4);
  assert.equal(bucketOf(input, 24) >>> 12, b12);
  assert.throws(() => bucketOf(input, 0), ProtocolError);
  assert.throws(() => bucketOf(input, 25), ProtocolError);
});

test('labels are the protocol v1 labels', () => {
  assert.deepEqual(Labels, {
    BUCKET: 'leakcheck-v1/bucket', FINGERPRINT: 'leakcheck-v1/fingerprint',
    DETAILS: 'leakcheck-v1/details', DATASET_TAG: 'leakcheck-v1/dataset-tag',
  });
});

test('base64url round-trips and is strict', () => {
  for (let n = 0; n < 40; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
    const text = base64urlEncode(bytes);
    assert.equal(text, Buffer.from(bytes).toString('base64url'));
    assert.deepEqual(base64urlDecode(text), bytes);
  }
  assert.equal(base64urlEncode(hex(pv.vectors[0].blindedElement)).length, 44);
  for (const bad of ['AA==', 'A+8', 'A/8', 'AA AA', 'A', 'AB', 'AAB']) {
    assert.throws(() => base64urlDecode(bad), ProtocolError, bad);
  }
});
