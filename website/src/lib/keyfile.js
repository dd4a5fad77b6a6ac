/**
 * The public-key file of docs/protocol.md §4.4, as `leakcheck loader keygen` writes it beside the
 * secret key file:
 *
 *   {"keyId": "3f9a0c1e5b7d2a41", "suite": "P256-SHA256", "mode": "VOPRF", "publicKey": "<base64url, 33 bytes>"}
 *
 * Used by build.mjs (which bakes the key into app.js) and by the tests; never by the page itself.
 * Errors name the rule, never the content.
 */
import { base64urlDecode, parseElement, keyIdOf, SUITE, MODE, ProtocolError } from './protocol.js';

const FIELDS = ['keyId', 'mode', 'publicKey', 'suite'];

/** A public-key file that cannot be used; `rule` says why. */
export class PublicKeyFileError extends Error {
  constructor(rule, message) {
    super(`public-key file: ${message} [${rule}]`);
    this.name = 'PublicKeyFileError';
    this.rule = rule;
  }
}

/**
 * Parses and checks the text of a public-key file: exactly the four string fields, this suite and
 * mode, a valid point (§4.5) and a keyId that is its hash (§4.1). Returns {keyId, publicKey}
 * with publicKey in base64url, as the file has it.
 */
export function parsePublicKeyFile(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PublicKeyFileError('key-file.json', 'not JSON');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new PublicKeyFileError('key-file.fields', 'not a JSON object');
  }
  const names = Object.keys(json).sort();
  if (names.length !== FIELDS.length || names.some((n, i) => n !== FIELDS[i])) {
    throw new PublicKeyFileError('key-file.fields', `must have exactly the fields ${FIELDS.join(', ')}`);
  }
  if (FIELDS.some((f) => typeof json[f] !== 'string')) throw new PublicKeyFileError('key-file.fields', 'every field must be a string');
  if (json.suite !== SUITE) throw new PublicKeyFileError('key-file.suite', `suite must be ${SUITE}`);
  if (json.mode !== MODE) throw new PublicKeyFileError('key-file.mode', `mode must be ${MODE}`);
  let bytes;
  try {
    bytes = base64urlDecode(json.publicKey);
    parseElement(bytes, 'publicKey');
  } catch (e) {
    if (!(e instanceof ProtocolError)) throw e;
    throw new PublicKeyFileError('key-file.public-key', 'publicKey is not a valid P-256 element in base64url');
  }
  if (!/^[0-9a-f]{16}$/.test(json.keyId)) throw new PublicKeyFileError('key-file.key-id', 'keyId must be 16 lower-case hex characters');
  if (keyIdOf(bytes) !== json.keyId) throw new PublicKeyFileError('key-file.key-id', 'keyId is not the hash of publicKey');
  return { keyId: json.keyId, publicKey: json.publicKey };
}
