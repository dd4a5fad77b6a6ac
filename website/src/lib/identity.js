/**
 * Identity canonicalization, byte for byte the same as the Java reference
 * (org.leakcheck.protocol.identity: Nir, Names, BirthDates, Factor, FactorIdentity,
 * CanonicalEncoding) and docs/protocol.md §2. The shared table vectors/canonicalization.json pins every rule.
 *
 * Errors carry a field and a stable rule code (e.g. "nir.key"), never the input, so the page
 * can show a message in the visitor's language without echoing what they typed anywhere else.
 */

/** Kind tags of the canonical encoding (docs/protocol.md §2). */
export const KIND_NIR = 0x01;
export const KIND_NAME_DOB = 0x02;
/** A NIR bound to a factor, and a name with birth date bound to a factor (docs/protocol.md §2.2). */
export const KIND_NIR_FACTOR = 0x03;
export const KIND_NAME_DOB_FACTOR = 0x04;

const NIR_LENGTH = 15;
const NAME_MAX_RAW = 200; // UTF-16 code units, like Java's String.length()
const NAME_MAX_CANONICAL = 100;
const FACTOR_MAX_RAW = 200; // UTF-16 code units, like Java's String.length()
const FACTOR_MAX_CANONICAL = 32;
const YEAR_MIN = 1880;
const YEAR_MAX = 2100;

/** An input that cannot be canonicalized: which field, and which rule it broke. */
export class InvalidIdentityError extends Error {
  constructor(field, rule) {
    super(`${field}: ${rule}`);
    this.name = 'InvalidIdentityError';
    this.field = field;
    this.rule = rule;
  }
}

// Every character class below is an explicit list, never a Unicode property such as
// \p{White_Space}, \p{M} or \p{Nd}: the browser's Unicode version is newer than Java 17's
// (Unicode 13) and varies from one browser to the next, and the two sides must agree to the byte.

// White space, as in Java's Text.isWhiteSpace: Unicode White_Space as it stands since Unicode 6.3.
const WHITE_SPACE = '\\u0009-\\u000D\\u0020\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
// Hyphens and dashes: '-', U+2010..U+2015, U+2212.
const DASHES = '\\-\\u2010-\\u2015\\u2212';
// Apostrophes: ' ’ ‘ ʼ ` ´ ′
const APOSTROPHES = "'\\u2019\\u2018\\u02BC`\\u00B4\\u2032";

const NIR_SEPARATORS = new RegExp(`[${WHITE_SPACE}.${DASHES}]`, 'g');
const FACTOR_SEPARATORS = new RegExp(`[${WHITE_SPACE}./${DASHES}]`, 'g');
const CANONICAL_FACTOR = /^[A-Z0-9]*$/;
const NAME_SEPARATORS = new RegExp(`[${WHITE_SPACE}${DASHES}${APOSTROPHES}_.,]+`, 'g');
const TRIM = new RegExp(`^[${WHITE_SPACE}]+|[${WHITE_SPACE}]+$`, 'g');
// The only combining marks NFKD can produce from the name repertoire.
const COMBINING_MARKS = /[\u0300-\u036F]+/g;
// After the repertoire check and NFKD, the only digits left are ASCII (full-width ones fold to them).
const DIGIT = /[0-9]/;
const CANONICAL_NAME = /^[A-Z ]*$/;
const LETTERS_NFKD_KEEPS = { 'œ': 'OE', 'Œ': 'OE', 'æ': 'AE', 'Æ': 'AE', 'ß': 'SS', 'ẞ': 'SS',
  'ø': 'O', 'Ø': 'O', 'đ': 'D', 'Đ': 'D', 'ł': 'L', 'Ł': 'L' };
const LETTERS_NFKD_KEEPS_RE = /[œŒæÆßẞøØđĐłŁ]/g;
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const FRENCH_DATE = /^([0-9]{2})\/([0-9]{2})\/([0-9]{4})$/;

/**
 * The 15-character canonical NIR. Rules in Java's order: nir.empty, nir.characters, nir.length,
 * nir.sex, nir.month, nir.department, nir.commune, nir.order, nir.key.
 */
export function canonicalNir(raw) {
  const nir = String(raw ?? '').replace(NIR_SEPARATORS, '').replace(/[ab]/g, (c) => c.toUpperCase());
  const fail = (rule) => new InvalidIdentityError('nir', rule);
  if (nir.length === 0) throw fail('nir.empty');
  for (let i = 0; i < nir.length; i++) {
    const c = nir[i];
    const digit = c >= '0' && c <= '9';
    const corsica = (c === 'A' || c === 'B') && i === 6 && nir[5] === '2';
    if (!digit && !corsica) throw fail('nir.characters');
  }
  if (nir.length !== NIR_LENGTH) throw fail('nir.length');
  if (!'1278'.includes(nir[0])) throw fail('nir.sex');
  const month = Number(nir.slice(3, 5));
  if (!((month >= 1 && month <= 12) || month === 20 || (month >= 30 && month <= 42))) throw fail('nir.month');
  if (nir.slice(5, 7) === '00') throw fail('nir.department');
  if (nir.slice(7, 10) === '000') throw fail('nir.commune');
  if (nir.slice(10, 13) === '000') throw fail('nir.order');
  if (Number(nir.slice(13, 15)) !== nirKey(nir.slice(0, 13))) throw fail('nir.key');
  return nir;
}

/** 97 - (N mod 97), with Corsican 2A read as 19 and 2B as 18. N < 10^13 fits a double exactly. */
function nirKey(thirteen) {
  const digits = thirteen.replace('2A', '19').replace('2B', '18');
  return 97 - (Number(digits) % 97);
}

/**
 * The name repertoire (docs/protocol.md §2.1, Java Names.REPERTOIRE): the only code points a
 * name may be typed with, as inclusive [first, last] ranges. Anything else is refused with
 * name.characters before NFKD. All 972 code points were assigned by Unicode 5.1 and Unicode's
 * normalization stability policy freezes their decompositions, so NFKD gives the same result in
 * every browser and in Java, whatever Unicode version each has.
 */
export const NAME_REPERTOIRE = Object.freeze([
  // white space, as WHITE_SPACE
  [0x0009, 0x000d], [0x0020, 0x0020], [0x0085, 0x0085], [0x00a0, 0x00a0], [0x1680, 0x1680],
  [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000],
  // ASCII letters, and digits (let through so that the visitor is told name.digits)
  [0x0041, 0x005a], [0x0061, 0x007a], [0x0030, 0x0039],
  // separators: dashes as DASHES, apostrophes as APOSTROPHES, _ . ,
  [0x002d, 0x002d], [0x2010, 0x2015], [0x2212, 0x2212],
  [0x0027, 0x0027], [0x2019, 0x2019], [0x2018, 0x2018], [0x02bc, 0x02bc], [0x0060, 0x0060], [0x00b4, 0x00b4],
  [0x2032, 0x2032],
  [0x005f, 0x005f], [0x002e, 0x002e], [0x002c, 0x002c],
  // Latin-1 letters (not U+00D7 and U+00F7), Latin Extended-A and -B, Latin Extended Additional
  [0x00c0, 0x00d6], [0x00d8, 0x00f6], [0x00f8, 0x00ff], [0x0100, 0x017f], [0x0180, 0x024f],
  [0x1e00, 0x1eff],
  // Combining Diacritical Marks
  [0x0300, 0x036f],
  // Latin ligatures ff fi fl ffi ffl long-s-t st
  [0xfb00, 0xfb06],
  // full-width ASCII, folded by NFKD to ! .. ~
  [0xff01, 0xff5e],
].map((range) => Object.freeze(range)));

// The 'u' flag makes the class match code points (a lone surrogate is one, outside the
// repertoire); the ranges are explicit, so no Unicode table of the runtime is consulted.
const hexCodePoint = (cp) => `\\u{${cp.toString(16)}}`;
const OUTSIDE_NAME_REPERTOIRE = new RegExp(
  `[^${NAME_REPERTOIRE.map(([first, last]) => `${hexCodePoint(first)}-${hexCodePoint(last)}`).join('')}]`, 'u');

/** Whether a code point is in the name repertoire (see NAME_REPERTOIRE). */
export function inNameRepertoire(codePoint) {
  return !OUTSIDE_NAME_REPERTOIRE.test(String.fromCodePoint(codePoint));
}

/** Canonical last name: A-Z words separated by single spaces. */
export function canonicalLastName(raw) {
  return canonicalName(raw, 'lastName', false);
}

/** Canonical usual first name: the first element of a comma-separated list. */
export function canonicalFirstName(raw) {
  return canonicalName(raw, 'firstName', true);
}

// Steps in Java's order (Names, docs/protocol.md §2.1): raw length, repertoire, NFKD, combining
// marks, letters NFKD keeps, upper case, first-name comma, separators, final checks.
function canonicalName(raw, field, firstOfList) {
  const fail = (rule) => new InvalidIdentityError(field, rule);
  if (raw === null || raw === undefined) throw fail('name.empty');
  if (raw.length > NAME_MAX_RAW) throw fail('name.too-long');
  if (OUTSIDE_NAME_REPERTOIRE.test(raw)) throw fail('name.characters');
  let s = raw.normalize('NFKD').replace(COMBINING_MARKS, '');
  s = s.replace(LETTERS_NFKD_KEEPS_RE, (c) => LETTERS_NFKD_KEEPS[c]);
  // toUpperCase() in JavaScript is locale-independent, like Java's toUpperCase(Locale.ROOT). Case
  // tables grow with Unicode versions, but here only a-z and dotless i (ß is expanded above) can
  // upper-case to A-Z, and those mappings never change: any other letter is refused below,
  // whatever its upper case in this browser.
  s = s.toUpperCase();
  if (firstOfList) {
    const comma = s.indexOf(',');
    if (comma >= 0) s = s.slice(0, comma);
  }
  s = s.replace(NAME_SEPARATORS, ' ').replace(/^ | $/g, '');
  if (DIGIT.test(s)) throw fail('name.digits');
  if (!CANONICAL_NAME.test(s)) throw fail('name.characters');
  if (s.length === 0) throw fail('name.empty');
  if (s.length > NAME_MAX_CANONICAL) throw fail('name.too-long');
  return s;
}

/**
 * Canonical birth date "YYYY-MM-DD" from "YYYY-MM-DD" or "DD/MM/YYYY". Rules in order:
 * date.empty, date.format, date.impossible (proleptic Gregorian), date.range (1880..2100).
 */
export function canonicalBirthDate(raw) {
  const fail = (rule) => new InvalidIdentityError('birthDate', rule);
  const s = String(raw ?? '').replace(TRIM, '');
  if (s.length === 0) throw fail('date.empty');
  let year;
  let month;
  let day;
  let m;
  if ((m = ISO_DATE.exec(s))) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = FRENCH_DATE.exec(s))) {
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else {
    throw fail('date.format');
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw fail('date.impossible');
  if (year < YEAR_MIN || year > YEAR_MAX) throw fail('date.range');
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year, month) {
  if (month === 2) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The canonical factor (docs/protocol.md §2.2, Java Factor.canonical): A-Z and 0-9, 1 to 32
 * characters. Rules in Java's order: factor.too-long (over 200 UTF-16 units typed, checked
 * first), then after removing white space, '.', '/' and dashes and upper-casing a-z only:
 * factor.characters, factor.empty, factor.too-long (over 32 kept). Leading zeros are kept.
 */
export function canonicalFactor(raw) {
  const fail = (rule) => new InvalidIdentityError('factor', rule);
  const s = String(raw ?? '');
  if (s.length > FACTOR_MAX_RAW) throw fail('factor.too-long');
  // a-z only: String.prototype.toUpperCase() would also fold ı, ſ, ß… which Java refuses.
  const f = s.replace(FACTOR_SEPARATORS, '').replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32));
  if (!CANONICAL_FACTOR.test(f)) throw fail('factor.characters');
  if (f.length === 0) throw fail('factor.empty');
  if (f.length > FACTOR_MAX_CANONICAL) throw fail('factor.too-long');
  return f;
}

/** kind tag || (u16 BE length || UTF-8 bytes) for each field. */
export function encodeFields(kindTag, fields) {
  const parts = fields.map((f) => new TextEncoder().encode(f));
  const out = new Uint8Array(1 + parts.reduce((n, p) => n + 2 + p.length, 0));
  out[0] = kindTag;
  let at = 1;
  for (const p of parts) {
    if (p.length > 0xffff) throw new RangeError('identity field longer than a u16 length prefix allows');
    out[at] = p.length >>> 8;
    out[at + 1] = p.length & 0xff;
    out.set(p, at + 2);
    at += 2 + p.length;
  }
  return out;
}

/** Canonical NIR identity: {kind, fields, encoding}; throws InvalidIdentityError. */
export function parseNirIdentity(rawNir) {
  const nir = canonicalNir(rawNir);
  return { kind: 'nir', fields: { nir }, encoding: encodeFields(KIND_NIR, [nir]) };
}

/**
 * Canonical name-dob identity: {kind, fields, encoding}. Checks all three fields and throws
 * InvalidIdentitiesError listing every field at fault, so the form can flag them together.
 */
export function parseNameDobIdentity(rawLast, rawFirst, rawDate) {
  const errors = [];
  const attempt = (fn, raw) => {
    try {
      return fn(raw);
    } catch (e) {
      if (!(e instanceof InvalidIdentityError)) throw e;
      errors.push(e);
      return null;
    }
  };
  const lastName = attempt(canonicalLastName, rawLast);
  const firstName = attempt(canonicalFirstName, rawFirst);
  const birthDate = attempt(canonicalBirthDate, rawDate);
  if (errors.length > 0) throw new InvalidIdentitiesError(errors);
  return {
    kind: 'name-dob',
    fields: { lastName, firstName, birthDate },
    encoding: encodeFields(KIND_NAME_DOB, [lastName, firstName, birthDate]),
  };
}

const FACTOR_BOUND = Object.freeze({
  nir: { kind: 'nir+factor', tag: KIND_NIR_FACTOR, fields: ['nir'] },
  'name-dob': { kind: 'name-dob+factor', tag: KIND_NAME_DOB_FACTOR, fields: ['lastName', 'firstName', 'birthDate'] },
});

/**
 * Binds a plain identity (from parseNirIdentity or parseNameDobIdentity) to an already canonical
 * factor: {kind: 'nir+factor' | 'name-dob+factor', base, fields: {...base.fields, factor}, encoding}.
 * Encoding (§2.2): tag 0x03 / 0x04, the base's fields exactly as in its own encoding, then
 * u16(len) || factor. Throws TypeError for a base that is not plain, InvalidIdentityError (field
 * factor) for a factor that is not canonical.
 */
export function bindFactor(base, factor) {
  const bound = FACTOR_BOUND[base?.kind];
  if (!bound) throw new TypeError('a factor binds a nir or a name-dob identity');
  if (canonicalFactor(factor) !== factor) throw new TypeError('the factor is not canonical: use parseFactorIdentity');
  const values = bound.fields.map((name) => base.fields[name]);
  return {
    kind: bound.kind,
    base,
    fields: { ...base.fields, factor },
    encoding: encodeFields(bound.tag, [...values, factor]),
  };
}

/** Canonicalizes a typed factor and binds `base` to it; throws InvalidIdentityError (field factor). */
export function parseFactorIdentity(base, rawFactor) {
  return bindFactor(base, canonicalFactor(rawFactor));
}

/** Several fields at fault at once (name + first name + date form). */
export class InvalidIdentitiesError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'InvalidIdentitiesError';
    this.errors = errors;
  }
}
