// Checks of what the page accepts from the server before it uses it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInfo, parseBucket } from '../src/lib/client.js';
import { ProtocolError, base64urlEncode } from '../src/lib/protocol.js';

const info = { protocolVersion: 1, suite: 'P256-SHA256', bucketBits: 12, keyId: 'k-1',
  datasets: [{ id: 'labs-2021', title: 'Labs', description: 'd', patients: 10, loadedAt: '2026-01-01T00:00:00Z' }] };

test('info: version 1, P256-SHA256, bucket bits and datasets are read', () => {
  const parsed = parseInfo(info);
  assert.equal(parsed.bucketBits, 12);
  assert.equal(parsed.keyId, 'k-1');
  assert.deepEqual([...parsed.datasets.keys()], ['labs-2021']);
});

test('info: another protocol version, suite or bucket bits is refused', () => {
  assert.throws(() => parseInfo({ ...info, protocolVersion: 2 }), ProtocolError);
  assert.throws(() => parseInfo({ ...info, suite: 'P384-SHA384' }), ProtocolError);
  assert.throws(() => parseInfo({ ...info, bucketBits: 0 }), ProtocolError);
  assert.throws(() => parseInfo({ ...info, bucketBits: 12.5 }), ProtocolError);
  assert.throws(() => parseInfo(null), ProtocolError);
});

test('info: datasets with invalid ids are ignored', () => {
  const parsed = parseInfo({ ...info, datasets: [...info.datasets, { id: 'BAD ID' }, { id: '-ab' }] });
  assert.deepEqual([...parsed.datasets.keys()], ['labs-2021']);
});

test('bucket: entries decode per dataset', () => {
  const entries = new Uint8Array(64).fill(7);
  const parsed = parseBucket({ bucket: 5, entrySize: 32, datasets: [{ id: 'labs-2021', entries: base64urlEncode(entries) }] }, 5);
  assert.deepEqual(parsed, [{ id: 'labs-2021', entries }]);
});

test('bucket: another bucket, entry size, bad id or torn entries are refused', () => {
  const ok = { bucket: 5, entrySize: 32, datasets: [{ id: 'labs-2021', entries: base64urlEncode(new Uint8Array(32)) }] };
  assert.throws(() => parseBucket(ok, 6), ProtocolError);
  assert.throws(() => parseBucket({ ...ok, entrySize: 16 }, 5), ProtocolError);
  assert.throws(() => parseBucket({ ...ok, datasets: [{ id: 'x', entries: '' }] }, 5), ProtocolError);
  assert.throws(() => parseBucket({ ...ok, datasets: [{ id: 'labs-2021', entries: base64urlEncode(new Uint8Array(33)) }] }, 5), ProtocolError);
  assert.throws(() => parseBucket({ ...ok, datasets: [{ id: 'labs-2021', entries: 'AA==' }] }, 5), ProtocolError);
});
