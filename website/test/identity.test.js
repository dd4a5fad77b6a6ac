// The JavaScript canonicalization against the Java table (vectors/canonicalization.json):
// same canonical value or same broken rule for every case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  canonicalNir, canonicalLastName, canonicalFirstName, canonicalBirthDate, canonicalFactor,
  parseNirIdentity, parseNameDobIdentity, parseFactorIdentity, bindFactor, InvalidIdentityError, InvalidIdentitiesError,
  KIND_NIR, KIND_NAME_DOB, KIND_NIR_FACTOR, KIND_NAME_DOB_FACTOR,
  NAME_REPERTOIRE, inNameRepertoire,
} from '../src/lib/identity.js';
import { canonicalizationTable, projectVectors, toHex } from './vectors.js';

const canonicalizers = {
  nir: canonicalNir,
  lastName: canonicalLastName,
  firstName: canonicalFirstName,
  birthDate: canonicalBirthDate,
  factor: canonicalFactor,
};

function outcome(field, input) {
  try {
    return { canonical: canonicalizers[field](input), rule: null };
  } catch (e) {
    assert.ok(e instanceof InvalidIdentityError, `unexpected ${e}`);
    assert.equal(e.field, field);
    return { canonical: null, rule: e.rule };
  }
}

test('the table covers every field and every rule', () => {
  const fields = new Set(canonicalizationTable.map((c) => c.field));
  assert.deepEqual([...fields].sort(), ['birthDate', 'factor', 'firstName', 'lastName', 'nir']);
  assert.ok(canonicalizationTable.length >= 100);
  const rules = new Set(canonicalizationTable.map((c) => c.rule).filter((r) => r !== null));
  for (const rule of ['factor.empty', 'factor.characters', 'factor.too-long']) assert.ok(rules.has(rule), rule);
});

for (const field of Object.keys(canonicalizers)) {
  test(`${field}: same canonical value or same rule as Java for every case`, () => {
    const cases = canonicalizationTable.filter((c) => c.field === field);
    for (const c of cases) {
      assert.deepEqual(outcome(field, c.input), { canonical: c.canonical, rule: c.rule }, c.note);
    }
  });
}

test('error messages name the field and rule, never the input', () => {
  try {
    canonicalNir('185057599900151');
    assert.fail('expected nir.key');
  } catch (e) {
    assert.equal(e.rule, 'nir.key');
    assert.ok(!e.message.includes('18505'));
  }
});

test('name-dob form reports every field at fault together', () => {
  try {
    parseNameDobIdentity('', 'Marie2', '31/04/1980');
    assert.fail('expected errors');
  } catch (e) {
    assert.ok(e instanceof InvalidIdentitiesError);
    assert.deepEqual(e.errors.map((x) => [x.field, x.rule]),
      [['lastName', 'name.empty'], ['firstName', 'name.digits'], ['birthDate', 'date.impossible']]);
  }
});

/** A project vector's identity as the page builds it: the plain identity, bound to the factor when typed. */
function parseVector(v) {
  const plain = v.input.nir !== undefined
    ? parseNirIdentity(v.input.nir)
    : parseNameDobIdentity(v.input.lastName, v.input.firstName, v.input.birthDate);
  return v.input.factor === undefined ? plain : parseFactorIdentity(plain, v.input.factor);
}

test('canonical encodings of the project vectors match byte for byte, factor-bound ones included', () => {
  const kinds = new Set();
  for (const v of projectVectors.vectors) {
    const id = parseVector(v);
    kinds.add(id.kind);
    assert.equal(id.kind, v.kind);
    assert.deepEqual(id.fields, v.identity);
    assert.equal(toHex(id.encoding), v.canonical);
  }
  assert.deepEqual([...kinds].sort(), ['name-dob', 'name-dob+factor', 'nir', 'nir+factor']);
});

test('factor-bound encodings: the worked examples of docs/protocol.md §2.2', () => {
  assert.deepEqual([KIND_NIR, KIND_NAME_DOB, KIND_NIR_FACTOR, KIND_NAME_DOB_FACTOR], [1, 2, 3, 4]);
  const nir = parseFactorIdentity(parseNirIdentity('1 85 05 75 999 001 50'), 'MU-0042/b');
  assert.equal(nir.kind, 'nir+factor');
  assert.deepEqual(nir.fields, { nir: '185057599900150', factor: 'MU0042B' });
  assert.equal(toHex(nir.encoding), '03' + '000f' + '313835303537353939393030313530' + '0007' + '4d553030343242');
  const person = parseFactorIdentity(parseNameDobIdentity("d'Artagnan", 'Jean-Pierre', '31/05/1980'), '0012 345');
  assert.equal(person.kind, 'name-dob+factor');
  assert.equal(toHex(person.encoding), '04' + '000a' + '442041525441474e414e' + '000b' + '4a45414e20504945525245'
    + '000a' + '313938302d30352d3331' + '0007' + '30303132333435');
  assert.equal(person.base.kind, 'name-dob');
});

test('a factor binds only a plain identity, and only in canonical form through bindFactor', () => {
  const nir = parseNirIdentity('185057599900150');
  const bound = bindFactor(nir, 'A1');
  assert.equal(toHex(bound.encoding), '03' + toHex(nir.encoding).slice(2) + '0002' + '4131');
  assert.throws(() => bindFactor(bound, 'B2'), TypeError);
  assert.throws(() => bindFactor(nir, 'a1'), TypeError);
  assert.throws(() => bindFactor(nir, ''), { field: 'factor', rule: 'factor.empty' });
  assert.throws(() => parseFactorIdentity(nir, '12\uFF13'), { field: 'factor', rule: 'factor.characters' });
  assert.notEqual(toHex(bindFactor(nir, '12').encoding), toHex(bindFactor(nir, '012').encoding), 'leading zeros count');
});

test('factor: null is empty, a huge input is refused first and never echoed, only a-z are upper-cased', () => {
  assert.throws(() => canonicalFactor(null), { rule: 'factor.empty' });
  assert.throws(() => canonicalFactor(undefined), { rule: 'factor.empty' });
  try {
    canonicalFactor('7'.repeat(1_000_000));
    assert.fail('expected factor.too-long');
  } catch (e) {
    assert.equal(e.rule, 'factor.too-long');
    assert.ok(!e.message.includes('7777'));
  }
  // JavaScript's toUpperCase() would turn these into ASCII letters; Java's rule refuses them.
  for (const c of ['\u0131', '\u017F', '\u00DF', '\uFB00']) {
    assert.throws(() => canonicalFactor(`${c}42`), { rule: 'factor.characters' }, c);
  }
  assert.equal(canonicalFactor('li42'), 'LI42');
});

// The name repertoire: same ranges and same digest as Java's IdentityRepertoireTest, so that the
// two implementations agree on every repertoire code point although their Unicode versions differ.
const REPERTOIRE_RANGES = '0009-000D 0020 0027 002C-002E 0030-0039 0041-005A 005F-007A 0085 00A0 00B4'
  + ' 00C0-00D6 00D8-00F6 00F8-024F 02BC 0300-036F 1680 1E00-1EFF 2000-200A 2010-2015 2018-2019'
  + ' 2028-2029 202F 2032 205F 2212 3000 FB00-FB06 FF01-FF5E';
const REPERTOIRE_OUTCOMES_SHA256 = '138004f104b27698f5a799ce05bd97361a8185ad21bb451b3bcf18fd446cc41a';

const hex4 = (cp) => cp.toString(16).toUpperCase().padStart(4, '0');

function repertoireCodePoints() {
  const all = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (inNameRepertoire(cp)) all.push(cp);
  }
  return all;
}

function ruleOf(fn, raw) {
  try {
    return fn(raw);
  } catch (e) {
    if (!(e instanceof InvalidIdentityError)) throw e;
    return `!${e.rule}`;
  }
}

test('name repertoire is exactly the documented ranges', () => {
  const all = repertoireCodePoints();
  const ranges = [];
  for (let i = 0; i < all.length;) {
    const first = all[i];
    let last = first;
    while (++i < all.length && all[i] === last + 1) last++;
    ranges.push(first === last ? hex4(first) : `${hex4(first)}-${hex4(last)}`);
  }
  assert.equal(ranges.join(' '), REPERTOIRE_RANGES);
  assert.equal(all.length, 972);
  assert.equal(NAME_REPERTOIRE.reduce((n, [first, last]) => n + last - first + 1, 0), 972, 'ranges do not overlap');
});

test('every repertoire code point canonicalizes as in Java (pinned digest)', () => {
  // Same lines as IdentityRepertoireTest.outcomes(): XXXX|last name "A"+c+"A"|first name c+"b".
  const lines = repertoireCodePoints().map((cp) => {
    const c = String.fromCodePoint(cp);
    return `${hex4(cp)}|${ruleOf(canonicalLastName, `A${c}A`)}|${ruleOf(canonicalFirstName, `${c}b`)}\n`;
  });
  const digest = createHash('sha256').update(lines.join(''), 'utf8').digest('hex');
  assert.equal(digest, REPERTOIRE_OUTCOMES_SHA256,
    'a repertoire code point canonicalizes differently from the Java reference');
});

test('refuses characters added after Unicode 13 whatever the runtime knows', () => {
  // This runtime may know them (a Unicode 14+ engine used to remove U+1AC1 as a mark); Java 17 does not.
  const added = {
    'Le\u1AC1vy': 'combining mark, Unicode 14',
    'Le\u1DFAvy': 'combining mark, Unicode 14',
    'Dup\uA7C0nt': 'Latin letter, Unicode 14',
    'Du\u{1DF00}ont': 'Latin letter outside the BMP, Unicode 14',
    'Dupon\u{1DF25}': 'Latin letter, Unicode 15',
    'Dupont\uA7CB': 'Latin letter, Unicode 16',
  };
  for (const [raw, what] of Object.entries(added)) {
    assert.equal(ruleOf(canonicalLastName, raw), '!name.characters', what);
  }
  assert.equal(ruleOf(canonicalFirstName, 'Jos\u00E9\u1AC1'), '!name.characters');
});

test('checks the repertoire on the raw input, before NFKD and before digits', () => {
  assert.equal(ruleOf(canonicalLastName, '\u{1D403}upont'), '!name.characters', 'bold D would fold to D');
  assert.equal(ruleOf(canonicalLastName, 'Dupont\u00B2'), '!name.characters', 'superscript 2 would fold to 2');
  assert.equal(ruleOf(canonicalLastName, 'R2-D2 \u{1F916}'), '!name.characters');
  assert.equal(ruleOf(canonicalLastName, 'R2-D2 \uFF06'), '!name.digits');
  assert.equal(ruleOf(canonicalLastName, 'Du\uD800pont'), '!name.characters', 'unpaired surrogate');
  assert.equal(ruleOf(canonicalFirstName, 'Marie, \u738B'), '!name.characters', 'also after the first comma');
});

test('white space is the pinned list, not the runtime property', () => {
  assert.equal(ruleOf(canonicalLastName, 'Le\u180EGoff'), '!name.characters');
  assert.throws(() => canonicalNir('1\u180E85057599900150'), { rule: 'nir.characters' });
  assert.throws(() => canonicalBirthDate('\u180E1980-05-31'), { rule: 'date.format' });
  assert.equal(canonicalBirthDate('\u16801980-05-31\u3000'), '1980-05-31');
});
