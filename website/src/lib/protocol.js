/**
 * The client side of leakcheck protocol version 2 (docs/protocol.md), with no I/O.
 *
 * <pre>
 *   x_i          = canonical identity, or a 32-byte random dummy      §2, §7.1   (identity.js)
 *   (r_i, M_i)   = VOPRF.Blind(x_i)                       i = 1..Q    §4   RFC 9497 P256-SHA256, mode 1
 *        -- M_1..M_Q -->  server: Z_i = k·M_i, one batched DLEQ proof π
 *   VerifyProof(G, pkS_pinned, [M_i], [Z_i], π)                       §4.3 RFC 9497 §2.2.2
 *   y_i          = VOPRF.Finalize(x_i, r_i, Z_i)                      §4.3 RFC 9497 §3.3.2
 *   for each dataset D with load L and bucket bits B_D:
 *     ctx = D || 0x00 || L;  PRK = HKDF-Extract("", y_i)                §5
 *     bucket = top B_D bits of HKDF-Expand(PRK, BUCKET || 0x00 || ctx, 4)
 *     fingerprint, stream, macKey = HKDF-Expand(PRK, FINGERPRINT/DETAILS || 0x00 || ctx)
 *     scan every entry of the bucket in constant time, counting matches  §6.1
 *     open the single matching entry: tag, version, scope byte, datasetTag   §5, §7.5
 *   per typed identity: combine the plain and the factor-bound verdicts    §7.5 (combineVerdicts)
 * </pre>
 *
 * Mirrors org.leakcheck.protocol.lookup and org.leakcheck.protocol.oprf. The VOPRF itself is
 * @noble/curves' `p256_oprf.voprf` (RFC 9497 §3.3.2, batched proofs of §2.2 with
 * ComputeComposites on the client side); this module adds the checks of §4.3 and §4.5 around it.
 */
import { p256_oprf, p256_hasher } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hmac } from '@noble/hashes/hmac.js';
import { extract, expand } from '@noble/hashes/hkdf.js';

/** Domain-separation labels (docs/protocol.md §1). Changing one is a protocol version change. */
export const Labels = Object.freeze({
  KEY_INFO: 'leakcheck-v2/oprf-key',
  PADDING: 'leakcheck-v2/padding',
  LOAD: 'leakcheck-v2/load',
  CONTENT: 'leakcheck-v2/content',
  BUCKET: 'leakcheck-v2/bucket',
  FINGERPRINT: 'leakcheck-v2/fingerprint',
  DETAILS: 'leakcheck-v2/details',
  DATASET_TAG: 'leakcheck-v2/dataset-tag',
});

export const PROTOCOL_VERSION = 2;
export const SUITE = 'P256-SHA256';
export const MODE = 'VOPRF';
export const ENTRY_SIZE = 32;
export const FINGERPRINT_SIZE = 16;
export const ELEMENT_SIZE = 33;
export const SCALAR_SIZE = 32;
export const PROOF_SIZE = 2 * SCALAR_SIZE;
export const LOAD_SIZE = 16;
export const KEY_ID_SIZE = 8;
/** Size of a dummy input (§7.1). */
export const DUMMY_SIZE = 32;
export const MAX_BUCKET_BITS = 24;
/**
 * Q, the page's batch size (§7.1, Java BatchSizes.PAGE): one NIR and one name with birth date,
 * each once alone and once bound to the factor. /v2/info announces it as batch.page.
 */
export const PAGE_Q = 4;
/** The details' scope byte (§5): the mask is the person's kinds, or membership only (mask 0). */
export const SCOPE_KINDS = 0x00;
export const SCOPE_MEMBERSHIP = 0x01;
/** What a combined verdict lets the visitor see (§7.5, Java Verdicts.Access). */
export const ACCESS = Object.freeze({ KINDS: 'kinds', FACTOR_NEEDED: 'factor-needed', FACTOR_WRONG: 'factor-wrong' });
const DETAILS_SIZE = 8;
const TAG_SIZE = 8;
const MAC_KEY_SIZE = 32;
const DATASET_TAG_SIZE = 4;
const DETAILS_VERSION = 0x01;
const DATASET_ID = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;
const LOAD_HEX = /^[0-9a-f]{32}$/;
const KEY_ID_HEX = /^[0-9a-f]{16}$/;

const voprf = p256_oprf.voprf;
const { Point } = p256_hasher;
const ORDER = Point.Fn.ORDER;

/** Exposure bits (docs/protocol.md §5), in bit order. Unknown bits are ignored. */
export const EXPOSURE_KINDS = Object.freeze([
  'IDENTITY', 'NIR', 'ADDRESS', 'PHONE', 'EMAIL', 'INSURER', 'BLOOD_GROUP', 'MEDICAL', 'DOCTOR', 'COMMENTS',
]);

/** The server answered something this client cannot use (bad element, bad JSON shape, corrupt bucket). */
export class ProtocolError extends Error {
  constructor(message) {
    super(`leakcheck: ${message}`);
    this.name = 'ProtocolError';
  }
}

/** The service speaks another protocol version, suite or mode (§7.5): nothing is sent. */
export class UnsupportedServiceError extends ProtocolError {
  constructor(message) {
    super(message);
    this.name = 'UnsupportedServiceError';
  }
}

/**
 * "The service's key is not the expected one" (§4.3, §7.5): /v2/info announces another key than
 * the pinned one, or an evaluation carries another keyId, the wrong number of elements, or a
 * proof that does not verify against the pinned key. Never to be shown as "not found".
 */
export class KeyMismatchError extends Error {
  constructor(message) {
    super(`leakcheck: ${message}`);
    this.name = 'KeyMismatchError';
  }
}

const encoder = new TextEncoder();
const ascii = (s) => encoder.encode(s);

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function toHex(bytes) {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Lower-case hex to bytes; throws ProtocolError on anything else. */
export function fromHex(text) {
  if (typeof text !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(text)) throw new ProtocolError('not lower-case hex');
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** True when D is 3 to 40 characters of a-z, 0-9 and '-', not starting or ending with '-' (§3). */
export function isValidDatasetId(id) {
  return typeof id === 'string' && DATASET_ID.test(id);
}

/** True when L is 32 lower-case hex characters (§3, §7.3). */
export function isValidLoadHex(load) {
  return typeof load === 'string' && LOAD_HEX.test(load);
}

/** True when bits is an integer in [0, 24] (§3). */
export function isValidBucketBits(bits) {
  return Number.isInteger(bits) && bits >= 0 && bits <= MAX_BUCKET_BITS;
}

// ---- elements, scalars and keys (§4.5) -------------------------------------------------------

/**
 * §4.5: deserializes a 33-byte compressed SEC1 element, rejecting a wrong length, a prefix other
 * than 0x02/0x03, x ≥ p, an x with no point, and the identity (0x00 is refused by its length).
 */
export function parseElement(bytes, what = 'element') {
  if (!(bytes instanceof Uint8Array) || bytes.length !== ELEMENT_SIZE) throw new ProtocolError(`${what}: element.length`);
  if (bytes[0] !== 0x02 && bytes[0] !== 0x03) throw new ProtocolError(`${what}: element.prefix`);
  let point;
  try {
    point = Point.fromBytes(bytes);
  } catch {
    throw new ProtocolError(`${what}: element.not-on-curve`);
  }
  if (point.equals(Point.ZERO)) throw new ProtocolError(`${what}: element.identity`);
  return point;
}

/** §4.1: keyId = hex(SHA-256(SerializeElement(pkS))[0..8)). */
export function keyIdOf(publicKey) {
  return toHex(sha256(publicKey).slice(0, KEY_ID_SIZE));
}

/**
 * A pinned public key: {publicKey: 33 bytes, keyId}. Checks that the point is a valid element
 * (§4.5) and that keyId is its hash (§4.1), so that nothing downstream has to.
 */
export function pinnedKey(publicKeyBase64url, keyId) {
  let bytes;
  try {
    bytes = base64urlDecode(publicKeyBase64url);
  } catch {
    throw new ProtocolError('pinned key: publicKey is not base64url');
  }
  parseElement(bytes, 'pinned key');
  if (typeof keyId !== 'string' || !KEY_ID_HEX.test(keyId)) throw new ProtocolError('pinned key: keyId is not 16 hex characters');
  if (!constantTimeEqual(ascii(keyIdOf(bytes)), ascii(keyId))) throw new ProtocolError('pinned key: keyId is not the hash of publicKey');
  return Object.freeze({ publicKey: bytes, keyId });
}

// ---- VOPRF (§4) ------------------------------------------------------------------------------

/**
 * RFC 9497 §3.3.1 Blind (mode 0x01): r random in [1, n), M = r·HashToGroup(input).
 * `rng` is the deterministic seam for tests only; the page always uses the default CSPRNG.
 */
export function blind(input, rng) {
  const { blind: r, blinded } = rng ? voprf.blind(input, rng) : voprf.blind(input);
  return { blind: r, blindedElement: blinded };
}

/**
 * §4.3, client side of RFC 9497 §3.3.2 for a batch:
 *  1. exactly as many evaluated elements as blinded ones, each a valid element (§4.5), and a
 *     64-byte proof whose scalars are below the group order;
 *  2. VerifyProof(G, pkS, [M_i], [Z_i], π) with ComputeComposites (RFC 9497 §2.2.2), pkS being the
 *     pinned key, never one taken from the answer;
 *  3. only then Finalize each item: y_i = Hash(len || x_i || len || r_i⁻¹·Z_i || "Finalize").
 *
 * `items` is [{input, blind, blindedElement}]; returns the outputs y_i in the same order.
 * A count mismatch or a proof that does not verify is a KeyMismatchError; a malformed element a
 * ProtocolError.
 */
export function verifyAndFinalize(items, evaluatedElements, proof, pinned) {
  if (!Array.isArray(evaluatedElements) || evaluatedElements.length !== items.length) {
    throw new KeyMismatchError('the evaluation does not answer every element');
  }
  evaluatedElements.forEach((z, i) => parseElement(z, `evaluatedElements[${i}]`));
  if (!(proof instanceof Uint8Array) || proof.length !== PROOF_SIZE) throw new KeyMismatchError('the proof is not 64 bytes');
  const c = bytesToBigInt(proof.subarray(0, SCALAR_SIZE));
  const s = bytesToBigInt(proof.subarray(SCALAR_SIZE));
  if (c >= ORDER || s >= ORDER) throw new KeyMismatchError('a proof scalar is not below the group order');
  const batch = items.map((item, i) => ({
    input: item.input, blind: item.blind, blinded: item.blindedElement, evaluated: evaluatedElements[i],
  }));
  try {
    return voprf.finalizeBatch(batch, pinned.publicKey, proof);
  } catch {
    throw new KeyMismatchError('the proof does not verify against the pinned key');
  }
}

function bytesToBigInt(bytes) {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

// ---- per-dataset derivations (§5) -------------------------------------------------------------

/** label || 0x00 || D || 0x00 || L: the info of every per-dataset derivation of §5. */
function info(label, datasetId, load) {
  return concat(ascii(label), Uint8Array.of(0), datasetContext(datasetId, load));
}

/** ctx = D || 0x00 || L, D as ASCII, L as 16 raw bytes (§5). */
export function datasetContext(datasetId, load) {
  if (!isValidDatasetId(datasetId)) throw new ProtocolError('dataset id is not valid');
  if (!(load instanceof Uint8Array) || load.length !== LOAD_SIZE) throw new ProtocolError('load id is not 16 bytes');
  return concat(ascii(datasetId), Uint8Array.of(0), load);
}

/**
 * §5: everything OPRF output y gives in dataset D under load L with B_D bucket bits:
 * {datasetId, bucket, fingerprint, stream, macKey}. PRK = HKDF-Extract(salt = "", y) (RFC 5869 §2.2,
 * the empty salt being HashLen zero bytes); each value is HKDF-Expand (RFC 5869 §2.3).
 */
export function deriveDatasetKeys(y, datasetId, load, bucketBits) {
  if (!isValidBucketBits(bucketBits)) throw new ProtocolError('bucketBits must be an integer between 0 and 24');
  const prk = extract(sha256, y, undefined);
  const b = expand(sha256, prk, info(Labels.BUCKET, datasetId, load), 4);
  const top = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
  const bucket = bucketBits === 0 ? 0 : top >>> (32 - bucketBits);
  const fingerprint = expand(sha256, prk, info(Labels.FINGERPRINT, datasetId, load), FINGERPRINT_SIZE);
  const dk = expand(sha256, prk, info(Labels.DETAILS, datasetId, load), DETAILS_SIZE + MAC_KEY_SIZE);
  prk.fill(0);
  return { datasetId, bucket, fingerprint, stream: dk.slice(0, DETAILS_SIZE), macKey: dk.slice(DETAILS_SIZE) };
}

/** §5: SHA-256(DATASET_TAG || 0x00 || D)[0..4). */
export function datasetTag(datasetId) {
  if (!isValidDatasetId(datasetId)) throw new ProtocolError('dataset id is not valid');
  return sha256(concat(ascii(Labels.DATASET_TAG), Uint8Array.of(0), ascii(datasetId))).slice(0, DATASET_TAG_SIZE);
}

/**
 * §5: entry = fingerprint || (details XOR stream) || HMAC(macKey, details XOR stream)[0..8), with
 * details = 0x01 || u16(mask) || datasetTag || scope. A membership-only entry (scope 0x01) has mask 0.
 * The page never seals; the tests use it to check the Java loader's entries byte for byte.
 */
export function sealEntry(keys, exposureMask, membershipOnly = false) {
  if (membershipOnly && exposureMask !== 0) throw new RangeError('a membership-only entry carries no kinds');
  const tag = datasetTag(keys.datasetId);
  const scope = membershipOnly ? SCOPE_MEMBERSHIP : SCOPE_KINDS;
  const details = Uint8Array.of(DETAILS_VERSION, (exposureMask >>> 8) & 0xff, exposureMask & 0xff, ...tag, scope);
  const ciphertext = xor(details, keys.stream);
  return concat(keys.fingerprint, ciphertext, hmac(sha256, keys.macKey, ciphertext).slice(0, TAG_SIZE));
}

// ---- bucket search (§6.1, §7.5) -----------------------------------------------------------------

/**
 * §6.1: compares the fingerprint with every entry of the item, every byte, never stopping early,
 * with no data-dependent branch (as far as a JavaScript engine allows). Returns the number of
 * matching entries and the index of the first one (-1 when none).
 */
export function scanBucket(entries, fingerprint) {
  if (entries.length % ENTRY_SIZE !== 0) throw new ProtocolError('bucket entries are not a multiple of 32 bytes');
  let count = 0;
  let first = -1;
  for (let offset = 0, index = 0; offset < entries.length; offset += ENTRY_SIZE, index++) {
    let diff = 0;
    for (let i = 0; i < FINGERPRINT_SIZE; i++) diff |= fingerprint[i] ^ entries[offset + i];
    const isMatch = (diff - 1) >> 31; // all ones when diff == 0, else 0
    const isFirst = isMatch & (first >> 31); // ... and no match yet
    first = (first & ~isFirst) | (index & isFirst);
    count += isMatch & 1;
  }
  return { count, index: first };
}

/**
 * §5: opens the entry at `index` with `keys`. Returns {mask, kinds, membershipOnly}, or null when
 * the tag does not verify (compared in constant time), the version is not ours, the scope byte is
 * neither 0x00 nor 0x01, a membership-only entry has a non-zero mask, or the details name another
 * dataset (the same refusals as Java's Details.decode and BucketItem.find).
 */
export function openEntry(entries, index, keys) {
  const at = index * ENTRY_SIZE + FINGERPRINT_SIZE;
  const ciphertext = entries.slice(at, at + DETAILS_SIZE);
  const tag = entries.slice(at + DETAILS_SIZE, at + DETAILS_SIZE + TAG_SIZE);
  const expected = hmac(sha256, keys.macKey, ciphertext).slice(0, TAG_SIZE);
  if (!constantTimeEqual(tag, expected)) return null;
  const d = xor(ciphertext, keys.stream);
  const mask = (d[1] << 8) | d[2];
  const scope = d[7];
  if (d[0] !== DETAILS_VERSION || (scope !== SCOPE_KINDS && scope !== SCOPE_MEMBERSHIP)) return null;
  if (scope === SCOPE_MEMBERSHIP && mask !== 0) return null;
  if (!constantTimeEqual(d.slice(3, 7), datasetTag(keys.datasetId))) return null;
  return { mask, kinds: kindsOf(mask), membershipOnly: scope === SCOPE_MEMBERSHIP };
}

/**
 * The verdict of one output in one bucket item (§6.1, §7.5): null when no entry matches, the
 * opened details when exactly one does. A match that fails to open, or two matches, mean the item
 * is corrupt or forged: a ProtocolError, never "found" and never "not found".
 */
export function lookupEntry(entries, keys) {
  const { count, index } = scanBucket(entries, keys.fingerprint);
  if (count === 0) return null;
  if (count > 1) throw new ProtocolError('a fingerprint matches several entries of one bucket');
  const details = openEntry(entries, index, keys);
  if (!details) throw new ProtocolError('a matching entry does not open');
  return details;
}

/**
 * §7.5, per typed identity (nir or name-dob): combines the matches of the identity alone with
 * those of the identity bound to the typed factor (null when no factor was typed), the same as
 * Java's Verdicts.combine. Each match is {datasetId, mask, kinds, membershipOnly, ...} as
 * lookupEntry gives it (extra properties, such as the client's `dataset`, are kept). Returns one
 * verdict per dataset the identity is in, sorted by dataset id:
 *   factor-bound match                     -> {datasetId, access: 'kinds', mask, kinds}
 *   else plain match, scope kinds (open)   -> access 'kinds'
 *   else plain match, membership only      -> access 'factor-needed' (no factor) or 'factor-wrong'
 *   else absent: not found (gated with a missing or wrong factor lands here).
 * A verdict whose access is not 'kinds' has mask 0 and kinds [].
 */
export function combineVerdicts(plainMatches, factorMatches) {
  if (!Array.isArray(plainMatches) || (factorMatches !== null && !Array.isArray(factorMatches))) {
    throw new TypeError('combineVerdicts(plainMatches, factorMatches | null)');
  }
  const byDataset = new Map();
  const verdict = (match, access) => {
    const rest = { ...match };
    delete rest.membershipOnly;
    const kinds = access === ACCESS.KINDS ? { mask: match.mask, kinds: [...match.kinds] } : { mask: 0, kinds: [] };
    return { ...rest, ...kinds, access };
  };
  for (const m of plainMatches) {
    const access = !m.membershipOnly ? ACCESS.KINDS
      : factorMatches === null ? ACCESS.FACTOR_NEEDED : ACCESS.FACTOR_WRONG;
    byDataset.set(m.datasetId, verdict(m, access));
  }
  for (const m of factorMatches ?? []) byDataset.set(m.datasetId, verdict(m, ACCESS.KINDS));
  return [...byDataset.values()].sort((a, b) => (a.datasetId < b.datasetId ? -1 : a.datasetId > b.datasetId ? 1 : 0));
}

/** The exposure kinds named by a bitmask, in bit order; unknown bits are ignored. */
export function kindsOf(mask) {
  return EXPOSURE_KINDS.filter((_, bit) => (mask >>> bit) & 1);
}

/** Comparison whose time depends on the lengths only, not on the content. */
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

// ---- base64url (§7) ------------------------------------------------------------------------------

// RFC 4648 §5 base64url without padding, strict: no '=', no '+' or '/', no whitespace,
// and no non-zero trailing bits.
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
