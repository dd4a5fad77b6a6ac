/**
 * The client side of leakcheck protocol version 1 (docs/protocol.md), with no I/O.
 *
 * <pre>
 *   encoding  = canonical identity                          §2   (identity.js)
 *   bucket    = first B bits of SHA-256(BUCKET || encoding) §3
 *   (r, M)    = OPRF.Blind(encoding)                        §4   RFC 9497 P256-SHA256, mode 0
 *   y         = OPRF.Finalize(encoding, r, Z)               §4
 *   for each dataset D: fingerprint, stream, macKey = HKDF(y, D)            §5
 *                       scan every entry of the bucket in constant time     §6
 *                       open the matching entry, check its tag and datasetTag §5
 * </pre>
 *
 * Mirrors org.leakcheck.protocol.lookup (Buckets, EntryKeys, Entry, Details, BucketItem).
 */
import { p256_oprf } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hmac } from '@noble/hashes/hmac.js';
import { extract, expand } from '@noble/hashes/hkdf.js';

/** Domain-separation labels (docs/protocol.md §1). Changing one is a protocol version change. */
export const Labels = Object.freeze({
  BUCKET: 'leakcheck-v1/bucket',
  FINGERPRINT: 'leakcheck-v1/fingerprint',
  DETAILS: 'leakcheck-v1/details',
  DATASET_TAG: 'leakcheck-v1/dataset-tag',
});

export const PROTOCOL_VERSION = 1;
export const SUITE = 'P256-SHA256';
export const ENTRY_SIZE = 32;
export const FINGERPRINT_SIZE = 16;
export const ELEMENT_SIZE = 33;
const DETAILS_SIZE = 8;
const TAG_SIZE = 8;
const MAC_KEY_SIZE = 32;
const DETAILS_VERSION = 0x01;
const MIN_BUCKET_BITS = 1;
const MAX_BUCKET_BITS = 24;
const DATASET_ID = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;

/** Exposure bits (docs/protocol.md §5), in bit order. Unknown bits are ignored. */
export const EXPOSURE_KINDS = Object.freeze([
  'IDENTITY', 'NIR', 'ADDRESS', 'PHONE', 'EMAIL', 'INSURER', 'BLOOD_GROUP', 'MEDICAL', 'DOCTOR', 'COMMENTS',
]);

const ascii = (s) => new TextEncoder().encode(s);

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** label || 0x00 || D, the info/message of every per-dataset derivation. */
function withDataset(label, datasetId) {
  return concat(ascii(label), new Uint8Array([0]), ascii(requireDatasetId(datasetId)));
}

/** True when D is 3 to 40 characters of a-z, 0-9 and '-', not starting or ending with '-'. */
export function isValidDatasetId(id) {
  return typeof id === 'string' && DATASET_ID.test(id);
}

function requireDatasetId(id) {
  if (!isValidDatasetId(id)) throw new ProtocolError('dataset id is not valid');
  return id;
}

/** Returns bits or throws if it is outside [1, 24]. */
export function requireBucketBits(bits) {
  if (!Number.isInteger(bits) || bits < MIN_BUCKET_BITS || bits > MAX_BUCKET_BITS) {
    throw new ProtocolError('bucketBits must be an integer between 1 and 24');
  }
  return bits;
}

/** The server answered something this client cannot use (bad element, bad JSON shape, wrong version). */
export class ProtocolError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** §3: the first `bits` bits of SHA-256(BUCKET || encoding), big-endian. */
export function bucketOf(encoding, bits) {
  requireBucketBits(bits);
  const d = sha256(concat(ascii(Labels.BUCKET), encoding));
  const top = ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0;
  return top >>> (32 - bits);
}

/**
 * §4 RFC 9497 §3.3.1 Blind: r random in [1, n), M = r·HashToGroup(encoding).
 * `rng` is the deterministic seam for tests only; the page always uses the default CSPRNG.
 */
export function blind(encoding, rng) {
  const { blind: r, blinded } = rng ? p256_oprf.oprf.blind(encoding, rng) : p256_oprf.oprf.blind(encoding);
  return { blind: r, blindedElement: blinded };
}

/**
 * §4 RFC 9497 §3.3.1 Finalize: y = Hash(len || input || len || r⁻¹·Z || "Finalize").
 * Z must be a 33-byte compressed point: noble then rejects x ≥ p, x off the curve and identity.
 */
export function finalize(encoding, r, evaluatedElement) {
  if (!(evaluatedElement instanceof Uint8Array) || evaluatedElement.length !== ELEMENT_SIZE) {
    throw new ProtocolError('evaluatedElement must be 33 bytes');
  }
  if (evaluatedElement[0] !== 0x02 && evaluatedElement[0] !== 0x03) {
    throw new ProtocolError('evaluatedElement must be a compressed point');
  }
  try {
    return p256_oprf.oprf.finalize(encoding, r, evaluatedElement);
  } catch {
    throw new ProtocolError('evaluatedElement is not a valid P-256 element');
  }
}

/**
 * §5: the fingerprint and details key of OPRF output y in dataset D.
 * PRK = HKDF-Extract(salt = "", y) (RFC 5869 §2.2); each value is HKDF-Expand (RFC 5869 §2.3).
 */
export function deriveEntryKeys(y, datasetId) {
  const prk = extract(sha256, y, new Uint8Array(0));
  const fingerprint = expand(sha256, prk, withDataset(Labels.FINGERPRINT, datasetId), FINGERPRINT_SIZE);
  const dk = expand(sha256, prk, withDataset(Labels.DETAILS, datasetId), DETAILS_SIZE + MAC_KEY_SIZE);
  return { datasetId, fingerprint, stream: dk.slice(0, DETAILS_SIZE), macKey: dk.slice(DETAILS_SIZE) };
}

/** §5: SHA-256(DATASET_TAG || 0x00 || D)[0..4). */
export function datasetTag(datasetId) {
  return sha256(withDataset(Labels.DATASET_TAG, datasetId)).slice(0, 4);
}

/**
 * §5: entry = fingerprint || (details XOR stream) || HMAC(macKey, details XOR stream)[0..8).
 * The page never seals; the tests use it to check the Java loader's entries byte for byte.
 */
export function sealEntry(keys, exposureMask) {
  const tag = datasetTag(keys.datasetId);
  const details = new Uint8Array([DETAILS_VERSION, (exposureMask >>> 8) & 0xff, exposureMask & 0xff, ...tag, 0]);
  const ciphertext = xor(details, keys.stream);
  return concat(keys.fingerprint, ciphertext, hmac(sha256, keys.macKey, ciphertext).slice(0, TAG_SIZE));
}

/**
 * §6: index of the entry whose fingerprint is ours, or -1. Every byte of every entry is
 * compared and the scan never stops early, so the time taken does not depend on where, or
 * whether, the entry is (as far as a JavaScript engine allows: no data-dependent branch).
 */
export function findEntry(entries, keys) {
  if (entries.length % ENTRY_SIZE !== 0) throw new ProtocolError('bucket entries are not a multiple of 32 bytes');
  const fp = keys.fingerprint;
  let found = -1;
  for (let offset = 0; offset < entries.length; offset += ENTRY_SIZE) {
    let diff = 0;
    for (let i = 0; i < FINGERPRINT_SIZE; i++) diff |= fp[i] ^ entries[offset + i];
    // Branch-free select: mask is all ones when diff == 0 and found < 0.
    const isMatch = ((diff - 1) >> 31) & (found >> 31);
    found = (found & ~isMatch) | ((offset / ENTRY_SIZE) & isMatch);
  }
  return found;
}

/**
 * §5: opens the entry at `index` with `keys`. Returns {mask, kinds} or null when the tag does not
 * verify, the version or reserved byte is not ours, or the record names another dataset: a forged
 * or corrupted entry never yields a result.
 */
export function openEntry(entries, index, keys) {
  const at = index * ENTRY_SIZE + FINGERPRINT_SIZE;
  const ciphertext = entries.slice(at, at + DETAILS_SIZE);
  const tag = entries.slice(at + DETAILS_SIZE, at + DETAILS_SIZE + TAG_SIZE);
  const expected = hmac(sha256, keys.macKey, ciphertext).slice(0, TAG_SIZE);
  if (!constantTimeEqual(tag, expected)) return null;
  const d = xor(ciphertext, keys.stream);
  if (d[0] !== DETAILS_VERSION || d[7] !== 0) return null;
  if (!constantTimeEqual(d.slice(3, 7), datasetTag(keys.datasetId))) return null;
  const mask = (d[1] << 8) | d[2];
  return { mask, kinds: kindsOf(mask) };
}

/** The exposure kinds named by a bitmask, in bit order; unknown bits are ignored. */
export function kindsOf(mask) {
  return EXPOSURE_KINDS.filter((_, bit) => (mask >>> bit) & 1);
}

/** Length-independent-of-content comparison of two byte strings. */
export function constantTimeEqual(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function xor(a, b) {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}

/**
 * Searches every dataset of a bucket response for OPRF output y (§5, §6).
 * `datasets` is [{id, entries: Uint8Array}]; returns [{datasetId, mask, kinds}] for the matches.
 */
export function searchBucket(y, datasets) {
  const matches = [];
  for (const { id, entries } of datasets) {
    const keys = deriveEntryKeys(y, id);
    const index = findEntry(entries, keys);
    const details = index >= 0 ? openEntry(entries, index, keys) : null;
    if (details) matches.push({ datasetId: id, ...details });
  }
  return matches;
}

// RFC 4648 §5 base64url without padding, strict: no '=', no '+' or '/', no whitespace,
// and no non-zero trailing bits (docs/protocol.md §7).
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_INDEX = new Map([...B64URL].map((c, i) => [c, i]));

export function base64urlEncode(bytes) {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64URL[n >>> 18] + B64URL[(n >>> 12) & 63] + B64URL[(n >>> 6) & 63] + B64URL[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += B64URL[n >>> 18] + B64URL[(n >>> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += B64URL[n >>> 18] + B64URL[(n >>> 12) & 63] + B64URL[(n >>> 6) & 63];
  }
  return out;
}

export function base64urlDecode(text) {
  if (typeof text !== 'string' || text.length % 4 === 1) throw new ProtocolError('not base64url');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (const c of text) {
    const v = B64URL_INDEX.get(c);
    if (v === undefined) throw new ProtocolError('not base64url');
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >>> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) throw new ProtocolError('not base64url');
  return out;
}
