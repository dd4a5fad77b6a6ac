// Every text exists in both languages, and every rule the canonicalization can report has a
// message for the field it concerns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { STRINGS, t } from '../src/i18n.js';
import { EXPOSURE_KINDS } from '../src/lib/protocol.js';
import { canonicalizationTable } from './vectors.js';

test('French and English have the same keys, none empty', () => {
  assert.deepEqual(Object.keys(STRINGS.en).sort(), Object.keys(STRINGS.fr).sort());
  for (const lang of ['fr', 'en']) {
    for (const [key, text] of Object.entries(STRINGS[lang])) assert.ok(text.trim().length > 0, `${lang} ${key}`);
  }
});

test('every rule of the canonicalization table has a message in both languages', () => {
  for (const { field, rule } of canonicalizationTable.filter((c) => c.rule)) {
    for (const lang of ['fr', 'en']) {
      const key = STRINGS[lang][`rule.${field}.${rule}`] ? `rule.${field}.${rule}` : `rule.${rule}`;
      assert.ok(STRINGS[lang][key], `${lang}: ${field} ${rule}`);
    }
  }
});

test('the NIR key message says to check for a typo', () => {
  assert.match(t('fr', 'rule.nir.key'), /faute de frappe/);
  assert.match(t('en', 'rule.nir.key'), /don’t match.*typo/);
});

test('every exposure kind is named in plain words', () => {
  for (const kind of EXPOSURE_KINDS) {
    assert.ok(STRINGS.fr[`kind.${kind}`] && STRINGS.en[`kind.${kind}`], kind);
  }
});

test('every data-i18n key of index.html exists', () => {
  const html = readFileSync(new URL('../src/index.html', import.meta.url), 'utf8');
  const keys = [...html.matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(keys.length > 20);
  for (const key of keys) assert.ok(STRINGS.fr[key], key);
});

test('placeholders are filled', () => {
  assert.equal(t('en', 'leaves.buckets.value', { dataset: 'Labs', buckets: '7 and 12', n: '2,048' }), 'Labs: 7 and 12 (of 2,048)');
  assert.equal(t('fr', 'leaves.elements.title', { q: '2' }), '1. 2 éléments masqués, dans une seule demande');
});

test('the key error says that the service\'s key is not the expected one', () => {
  assert.equal(t('fr', 'error.key.heading'), 'La clé du service n’est pas celle attendue');
  assert.equal(t('en', 'error.key.heading'), 'The service’s key is not the expected one');
  assert.match(t('fr', 'error.key'), /ni « trouvé », ni « pas trouvé »/);
});

test('the form-level rule (nothing filled in) and one verdict title per kind exist', () => {
  for (const lang of ['fr', 'en']) {
    assert.ok(STRINGS[lang]['rule.form.empty']);
    for (const kind of ['nir', 'name-dob']) assert.ok(STRINGS[lang][`verdict.${kind}`], `${lang} ${kind}`);
  }
});

test('no text suggests a second check with the other identity', () => {
  for (const lang of ['fr', 'en']) {
    assert.equal(STRINGS[lang]['notfound.tryother'], undefined);
    for (const text of Object.values(STRINGS[lang])) assert.doesNotMatch(text, /essayez aussi avec|try your social security number too/);
  }
});

test('the factor question says why it is asked: it protects the people in the leak', () => {
  assert.match(t('fr', 'factor.why'), /protège les personnes de la fuite/);
  assert.match(t('en', 'factor.why'), /protects the people in the leak/);
});

test('the membership verdicts name the factor\'s label, and every notice field has a heading', () => {
  for (const lang of ['fr', 'en']) {
    for (const key of ['verdict.factor-needed', 'verdict.factor-wrong', 'datasets.policy.membership', 'datasets.policy.gated', 'notfound.gated']) {
      assert.match(STRINGS[lang][key], /\{label\}/, `${lang} ${key}`);
    }
    for (const field of ['controller', 'whatHappened', 'when', 'consequences', 'measures', 'whatToDo', 'contact', 'dpo']) {
      assert.ok(STRINGS[lang][`notice.${field}`], `${lang} notice.${field}`);
    }
  }
  assert.equal(t('en', 'verdict.factor-wrong', { label: 'Member number' }),
    'You are in this leak. The details of your data need the right “Member number”: the one you typed does not match.');
});

test('the page\'s scripts use no HTML sink: every text from the service goes in as text', () => {
  for (const file of ['../src/main.js', '../src/lib/client.js']) {
    const source = readFileSync(new URL(file, import.meta.url), 'utf8');
    assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|srcdoc/, file);
  }
});
