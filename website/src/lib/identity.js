/**
 * Identity canonicalization, byte for byte the same as the Java reference
 * (org.leakcheck.protocol.identity: Nir, Names, BirthDates, CanonicalEncoding) and
 * docs/protocol.md §2. The shared table vectors/canonicalization.json pins every rule.
 *
 * Errors carry a field and a stable rule code (e.g. "nir.key"), never the input, so the page
 * can show a message in the visitor's language without echoing what they typed anywhere else.
 */

/** Kind tags of the canonical encoding (docs/protocol.md §2). */
export const KIND_NIR = 0x01;
export const KIND_NAME_DOB = 0x02;

const NIR_LENGTH = 15;
const NAME_MAX_RAW = 200; // UTF-16 code units, like Java's String.length()
const NAME_MAX_CANONICAL = 100;
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

// Unicode White_Space, spelled out as in Java's Text.isWhiteSpace.
const WHITE_SPACE = '\\u0009-\\u000D\\u0020\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
// Hyphens and dashes: '-', U+2010..U+2015, U+2212.
const DASHES = '\\-\\u2010-\\u2015\\u2212';
// Apostrophes: ' ’ ‘ ʼ ` ´ ′
const APOSTROPHES = "'\\u2019\\u2018\\u02BC`\\u00B4\\u2032";

const NIR_SEPARATORS = new RegExp(`[${WHITE_SPACE}.${DASHES}]`, 'g');
const NAME_SEPARATORS = new RegExp(`[${WHITE_SPACE}${DASHES}${APOSTROPHES}_.,]+`, 'g');
const TRIM = new RegExp(`^[${WHITE_SPACE}]+|[${WHITE_SPACE}]+$`, 'g');
const COMBINING_MARKS = /\p{M}+/gu;
const DECIMAL_DIGIT = /\p{Nd}/u;
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

/** Canonical last name: A-Z words separated by single spaces. */
export function canonicalLastName(raw) {
  return canonicalName(raw, 'lastName', false);
}

/** Canonical usual first name: the first element of a comma-separated list. */
export function canonicalFirstName(raw) {
  return canonicalName(raw, 'firstName', true);
}

function canonicalName(raw, field, firstOfList) {
  const fail = (rule) => new InvalidIdentityError(field, rule);
  if (raw === null || raw === undefined) throw fail('name.empty');
  if (raw.length > NAME_MAX_RAW) throw fail('name.too-long');
  let s = raw.normalize('NFKD').replace(COMBINING_MARKS, '');
  s = s.replace(LETTERS_NFKD_KEEPS_RE, (c) => LETTERS_NFKD_KEEPS[c]);
  // toUpperCase() in JavaScript is locale-independent, like Java's toUpperCase(Locale.ROOT).
  s = s.toUpperCase();
  if (firstOfList) {
    const comma = s.indexOf(',');
    if (comma >= 0) s = s.slice(0, comma);
  }
  s = s.replace(NAME_SEPARATORS, ' ').replace(/^ | $/g, '');
  if (DECIMAL_DIGIT.test(s)) throw fail('name.digits');
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

/** Several fields at fault at once (name + first name + date form). */
export class InvalidIdentitiesError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'InvalidIdentitiesError';
    this.errors = errors;
  }
}
