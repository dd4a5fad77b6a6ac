// The JavaScript canonicalization against the Java table (vectors/canonicalization.json):
// same canonical value or same broken rule for every case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalNir, canonicalLastName, canonicalFirstName, canonicalBirthDate,
  parseNirIdentity, parseNameDobIdentity, InvalidIdentityError, InvalidIdentitiesError,
} from '../src/lib/identity.js';
import { canonicalizationTable, projectVectors, toHex } from './vectors.js';

const canonicalizers = {
  nir: canonicalNir,
  lastName: canonicalLastName,
  firstName: canonicalFirstName,
  birthDate: canonicalBirthDate,
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
  assert.deepEqual([...fields].sort(), ['birthDate', 'firstName', 'lastName', 'nir']);
  assert.ok(canonicalizationTable.length >= 100);
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

test('canonical encodings of the project vectors match byte for byte', () => {
  for (const v of projectVectors.vectors) {
    const id = v.kind === 'nir'
      ? parseNirIdentity(v.input.nir)
      : parseNameDobIdentity(v.input.lastName, v.input.firstName, v.input.birthDate);
    assert.equal(id.kind, v.kind);
    assert.deepEqual(id.fields, v.identity);
    assert.equal(toHex(id.encoding), v.canonical);
  }
});
