// The public-key file (docs/protocol.md §4.4) and the build that pins it (build.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePublicKeyFile, PublicKeyFileError } from '../src/lib/keyfile.js';
import { TEST_KEY } from './vectors.js';

const run = promisify(execFile);
const WEBSITE = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = join(WEBSITE, 'test', 'fixtures', 'test-key.pub.json');
const good = () => JSON.parse(readFileSync(FIXTURE, 'utf8'));

test('the committed test public-key file is the test key', () => {
  assert.deepEqual(good(), { keyId: TEST_KEY.keyId, suite: 'P256-SHA256', mode: 'VOPRF', publicKey: TEST_KEY.publicKey });
  assert.deepEqual(parsePublicKeyFile(readFileSync(FIXTURE, 'utf8')), { keyId: TEST_KEY.keyId, publicKey: TEST_KEY.publicKey });
});

test('a public-key file with another field, a missing one, another suite or mode, is refused by rule', () => {
  const bad = (change, rule) => assert.throws(() => parsePublicKeyFile(JSON.stringify({ ...good(), ...change })),
    (e) => e instanceof PublicKeyFileError && e.rule === rule, JSON.stringify(change));
  bad({ seed: 'AAAA' }, 'key-file.fields');
  bad({ keyId: undefined }, 'key-file.fields');
  bad({ keyId: 5 }, 'key-file.fields');
  bad({ suite: 'P384-SHA384' }, 'key-file.suite');
  bad({ mode: 'OPRF' }, 'key-file.mode');
  bad({ keyId: '0123456789abcdef' }, 'key-file.key-id');
  bad({ keyId: TEST_KEY.keyId.toUpperCase() }, 'key-file.key-id');
  bad({ publicKey: `${TEST_KEY.publicKey}=` }, 'key-file.public-key');
  bad({ publicKey: Buffer.from(new Uint8Array(33).fill(0xff)).toString('base64url') }, 'key-file.public-key');
  assert.throws(() => parsePublicKeyFile('{'), (e) => e.rule === 'key-file.json');
  assert.throws(() => parsePublicKeyFile('[]'), (e) => e.rule === 'key-file.fields');
});

test('a refused file is reported by rule, without its content', () => {
  try {
    parsePublicKeyFile(JSON.stringify({ ...good(), keyId: 'fedcba9876543210' }));
    assert.fail('accepted');
  } catch (e) {
    assert.doesNotMatch(e.message, /fedcba9876543210/);
    assert.doesNotMatch(e.message, new RegExp(TEST_KEY.publicKey.slice(0, 12)));
  }
});

test('build.mjs without --public-key fails with a clear message and writes nothing', async () => {
  const out = mkdtempSync(join(tmpdir(), 'leakcheck-build-'));
  try {
    await assert.rejects(run('node', ['build.mjs', '--out', out], { cwd: WEBSITE }),
      (e) => e.code === 2 && /--public-key FILE is required/.test(e.stderr));
    assert.equal(existsSync(join(out, 'app.js')), false);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('build.mjs refuses a public-key file whose keyId is not the hash of the key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'leakcheck-build-'));
  try {
    writeFileSync(join(dir, 'bad.pub.json'), JSON.stringify({ ...good(), keyId: '0123456789abcdef' }));
    await assert.rejects(run('node', ['build.mjs', '--public-key', join(dir, 'bad.pub.json'), '--out', join(dir, 'site')], { cwd: WEBSITE }),
      (e) => e.code === 2 && /key-file.key-id/.test(e.stderr));
    assert.equal(existsSync(join(dir, 'site', 'app.js')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('build.mjs --public-key FILE --out DIR, run from another folder, bakes the key into a v2-only site', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'leakcheck-build-'));
  try {
    writeFileSync(join(dir, 'key.pub.json'), readFileSync(FIXTURE));
    await run('node', [join(WEBSITE, 'build.mjs'), '--public-key', 'key.pub.json', '--out', 'site'], { cwd: dir });
    const app = readFileSync(join(dir, 'site', 'app.js'), 'utf8');
    assert.ok(app.includes(TEST_KEY.publicKey) && app.includes(TEST_KEY.keyId), 'the pinned key is in app.js');
    assert.ok(!app.includes('__LEAKCHECK_PINNED_KEY__'));
    assert.ok(app.includes('/v2/evaluate') && app.includes('leakcheck-v2/bucket'));
    assert.ok(!/\/v1\/|leakcheck-v1/.test(app), 'no trace of protocol v1');
    const html = readFileSync(join(dir, 'site', 'index.html'), 'utf8');
    assert.match(html, /<h1 data-i18n="header.title">Mes données de santé ont-elles fuité \?<\/h1>/);
    for (const f of ['app.css', 'favicon.svg', 'app.js.LEGAL.txt']) assert.ok(existsSync(join(dir, 'site', f)), f);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
