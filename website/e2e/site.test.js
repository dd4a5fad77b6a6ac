// End-to-end tests of the check page in real Chromium against `./leakcheck demo` (dynalite, a
// generated and loaded synthetic dataset, the v2 API and the site pinned to the demo's key, on one
// loopback origin). Needs: Debian's /usr/bin/chromium, and what `./leakcheck demo` needs (Java,
// Maven, Node). Every state is screenshotted to website/target/screenshots/ and checked with
// axe-core; every request the page makes is recorded: all go to the page's origin, none carries
// an identifier, and every submission makes exactly one POST /v2/evaluate of Q elements and Q
// bucket reads per served dataset, whatever the form holds (docs/protocol.md §7.1).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startDemo, launchBrowser, seriousViolations, screenshot, buildSiteWithAnotherKey, WEBSITE_DIR,
} from './harness.js';
import { canonicalNir, canonicalLastName } from '../src/lib/identity.js';

const PATIENTS = Number(process.env.LEAKCHECK_E2E_PATIENTS ?? 3000);
const SECURITY_HEADERS = JSON.parse(readFileSync(join(WEBSITE_DIR, 'security-headers.json'), 'utf8'));
const STEP_TIMEOUT = 60_000;
const KEY_ERROR_FR = 'La clé du service n’est pas celle attendue';

let demo;
let browser;
let cases;
let info; // /v2/info as the demo serves it, read from Node (not through the page)
let otherKeyApp; // {app, publicKey, keyId}: app.js built pinned to another key
const requests = []; // every request of every page: {url, method, body}
const secrets = new Set(); // canonical identifiers typed during the run: must never be sent

const pick = (kind, expected) => {
  const c = cases.find((x) => x.kind === kind && x.expected === expected);
  assert.ok(c, `known answers include a ${kind} case expected ${expected}`);
  return c;
};

async function openPage({ width = 1024, height = 900, path = '/', allowConsoleErrors = false, ready = '#datasets-list:not([hidden])', setUp } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const consoleErrors = [];
  page.requests = [];
  page.on('request', (r) => {
    const entry = { url: r.url(), method: r.method(), body: r.postData() ?? '' };
    requests.push(entry);
    page.requests.push(entry);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  if (setUp) await setUp(page);
  const response = await page.goto(demo.baseUrl + path);
  assert.equal(response.status(), 200);
  await page.waitForSelector(ready);
  page.checkConsole = () => {
    if (!allowConsoleErrors) assert.deepEqual(consoleErrors, [], 'no console error or CSP violation');
  };
  return { context, page, response };
}

async function expectAccessible(page, label) {
  assert.deepEqual(await seriousViolations(page), [], `axe: no serious or critical violation (${label})`);
}

function remember(c) {
  if (c.kind === 'nir') secrets.add(canonicalNir(c.nir));
  else secrets.add(canonicalLastName(c.lastName)).add(c.birthDate);
}

/** Fills the form with at most one case per kind; the fields of a kind not given are emptied. */
async function fillForm(page, ...given) {
  const nir = given.find((c) => c.kind === 'nir');
  const name = given.find((c) => c.kind === 'name-dob');
  await page.fill('#nir', nir?.nir ?? '');
  await page.fill('#lastName', name?.lastName ?? '');
  await page.fill('#firstName', name?.firstName ?? '');
  await page.fill('#birthDate', name?.birthDate ?? '');
  for (const c of given) remember(c);
}

const pathOf = (r) => new URL(r.url).pathname;
const isEvaluate = (r) => r.method === 'POST' && pathOf(r) === '/v2/evaluate';
const bucketRead = (r) => /^\/v2\/buckets\/([^/]+)\/([0-9a-f]{32})\/(\d+)$/.exec(pathOf(r));

/**
 * The request invariant of §7.1 for the requests of one submission: exactly one evaluate of
 * exactly Q elements, exactly Q bucket reads of every served dataset under its served load, and
 * nothing else. Returns {elements, buckets: Map(dataset -> [b])}.
 */
function assertOneSubmission(sent, label) {
  const q = info.batch.page;
  const evaluations = sent.filter(isEvaluate);
  assert.equal(evaluations.length, 1, `${label}: one POST /v2/evaluate`);
  const body = JSON.parse(evaluations[0].body);
  assert.deepEqual(Object.keys(body), ['blindedElements'], `${label}: the body has the one field`);
  assert.equal(body.blindedElements.length, q, `${label}: exactly Q = ${q} elements`);
  for (const m of body.blindedElements) assert.match(m, /^[A-Za-z0-9_-]{44}$/);
  const buckets = new Map(info.datasets.map((d) => [d.id, []]));
  for (const r of sent.filter((x) => bucketRead(x))) {
    const [, id, load, b] = bucketRead(r);
    const d = info.datasets.find((x) => x.id === id);
    assert.ok(d, `${label}: ${id} is a served dataset`);
    assert.equal(load, d.load, `${label}: the served load of ${id}`);
    assert.ok(Number(b) < 2 ** d.bucketBits, `${label}: bucket in range`);
    buckets.get(id).push(Number(b));
    assert.equal(r.method, 'GET');
  }
  for (const [id, list] of buckets) assert.equal(list.length, q, `${label}: exactly Q bucket reads of ${id}`);
  assert.equal(sent.length, 1 + q * info.datasets.length, `${label}: no other request`);
  return { elements: body.blindedElements, buckets };
}

/**
 * Waits for the panel to show the Q elements, submits, and checks the submission's requests and
 * that the panel showed exactly what was sent: the elements before, the buckets after.
 */
async function submitAndCheck(page, resultClass, label) {
  await page.waitForSelector('#leaves:not([aria-busy]) #leaves-values:not([hidden])');
  const shownBefore = await page.$$eval('#leaves-elements code', (codes) => codes.map((c) => c.textContent));
  const from = page.requests.length;
  await page.click('#submit');
  await page.waitForSelector(`#result.${resultClass}:not([aria-busy])`);
  const { elements, buckets } = assertOneSubmission(page.requests.slice(from), label);
  assert.deepEqual(shownBefore, elements, `${label}: the panel showed the elements sent`);
  const shownBuckets = await page.$$eval('#leaves-buckets li', (items) => items.map((li) => [li.dataset.dataset, li.dataset.buckets]));
  assert.deepEqual(shownBuckets.sort(), [...buckets].map(([id, list]) => [id, list.join(',')]).sort(), `${label}: the panel shows the buckets read`);
  return { elements, buckets };
}

describe('check page in Chromium against ./leakcheck demo', { timeout: 900_000 }, () => {
  before(async () => {
    demo = await startDemo(PATIENTS);
    browser = await launchBrowser();
    cases = demo.knownAnswers();
    info = await (await fetch(`${demo.baseUrl}/v2/info`)).json();
    assert.equal(info.protocolVersion, 2);
    assert.equal(info.batch.page, 2);
    assert.ok(info.datasets.length >= 1, 'the demo serves a dataset');
    otherKeyApp = await buildSiteWithAnotherKey();
  }, { timeout: 600_000 });

  after(async () => {
    await browser?.close();
    await demo?.stop();
    demo?.cleanUp();
  });

  test('the site is served with the security headers of website/security-headers.json', { timeout: STEP_TIMEOUT }, async () => {
    const { context, page, response } = await openPage();
    const headers = response.headers();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      assert.equal(headers[name.toLowerCase()], value, name);
    }
    assert.match(SECURITY_HEADERS['Content-Security-Policy'], /connect-src 'self'/);
    assert.match(SECURITY_HEADERS['Content-Security-Policy'], /frame-ancestors 'none'/);
    assert.doesNotMatch(SECURITY_HEADERS['Content-Security-Policy'], /unsafe-inline|unsafe-eval/);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.deepEqual(await page.context().cookies(), []);
    assert.equal(await page.textContent('#pinned-key-id'), info.keyId, 'the page shows the key it pins');
    assert.deepEqual(page.requests.filter((r) => pathOf(r).startsWith('/v2/')).map(pathOf), ['/v2/info'], 'only /v2/info on load');
    assert.ok(await page.isVisible('#nir') && await page.isVisible('#lastName'), 'both kinds on one form');
    await screenshot(page, 'home-fr');
    await expectAccessible(page, 'home');
    page.checkConsole();
    await context.close();
  });

  test('NIR only: found, with the dataset, the exposed kinds and what to do now', { timeout: STEP_TIMEOUT }, async () => {
    const c = pick('nir', 'present');
    const { context, page } = await openPage();
    await fillForm(page, c);
    await submitAndCheck(page, 'result-found', 'NIR only');
    assert.equal(await page.textContent('#result h2'), 'Vos données figurent dans une fuite');
    assert.equal(await page.getAttribute('#result .verdict', 'data-identity'), 'nir');
    assert.equal(await page.locator('#result .verdict').count(), 1, 'one verdict: one kind typed');
    assert.ok((await page.locator('#result .kinds li').count()) >= 1, 'at least one exposed kind');
    assert.ok(await page.locator('#result [data-kind="NIR"]').count() >= 1, 'a NIR match exposes the NIR');
    assert.equal(await page.locator('#result a[href="https://www.cnil.fr/fr/plaintes"]').count(), 1);
    assert.equal(await page.locator('#result a[href="https://www.cybermalveillance.gouv.fr/"]').count(), 1);
    await screenshot(page, 'found-nir');
    await expectAccessible(page, 'found by NIR');
    page.checkConsole();
    await context.close();
  });

  test('name only: another spelling of a leaked name matches', { timeout: STEP_TIMEOUT }, async () => {
    const c = pick('name-dob', 'present-variant');
    const { context, page } = await openPage();
    await fillForm(page, c);
    await submitAndCheck(page, 'result-found', 'name only');
    assert.equal(await page.getAttribute('#result .verdict', 'data-identity'), 'name-dob');
    assert.equal(await page.locator('#result [data-kind="IDENTITY"]').count(), 1, 'identity is exposed');
    await screenshot(page, 'found-name-variant');
    await expectAccessible(page, 'found by name variant');
    page.checkConsole();
    await context.close();
  });

  test('not found: says what it means and what it does not, and suggests no second check', { timeout: STEP_TIMEOUT }, async () => {
    const c = cases.find((x) => x.kind === 'name-dob' && x.expected === 'absent') ?? pick('nir', 'absent');
    const { context, page } = await openPage();
    await fillForm(page, c);
    await submitAndCheck(page, 'result-notfound', 'not found');
    const text = await page.textContent('#result');
    assert.match(text, /Vous ne figurez pas/);
    assert.match(text, /ne prouve pas/);
    assert.doesNotMatch(text, /essayez aussi/);
    assert.equal(await page.getAttribute('#result .verdict', 'data-verdict'), 'notfound');
    await screenshot(page, 'not-found');
    await expectAccessible(page, 'not found');
    page.checkConsole();
    await context.close();
  });

  test('both kinds in one submission: one verdict per kind, for the price of one', { timeout: STEP_TIMEOUT }, async () => {
    const nir = pick('nir', 'present');
    const name = cases.find((x) => x.kind === 'name-dob' && x.expected === 'absent') ?? pick('name-dob', 'present');
    const { context, page } = await openPage();
    await fillForm(page, nir, name);
    await submitAndCheck(page, 'result-found', 'both kinds');
    const verdicts = await page.$$eval('#result .verdict', (s) => s.map((v) => [v.dataset.identity, v.dataset.verdict]));
    assert.deepEqual(verdicts, [['nir', 'found'], ['name-dob', name.expected === 'absent' ? 'notfound' : 'found']]);
    await screenshot(page, 'found-both-kinds');
    await expectAccessible(page, 'both kinds');

    // The same page again, with both kinds absent: the same requests again.
    const absentNir = cases.find((x) => x.kind === 'nir' && x.expected === 'absent');
    if (absentNir && name.expected === 'absent') {
      await fillForm(page, absentNir, name);
      await submitAndCheck(page, 'result-notfound', 'both kinds absent');
      assert.deepEqual(await page.$$eval('#result .verdict', (s) => s.map((v) => v.dataset.verdict)), ['notfound', 'notfound']);
    }
    assert.equal(page.requests.filter((r) => pathOf(r) === '/v2/info').length, 1, '/v2/info once per page');
    page.checkConsole();
    await context.close();
  });

  test('refused fields are reported before anything is sent', { timeout: STEP_TIMEOUT }, async () => {
    const nir = canonicalNir(cases.find((x) => x.kind === 'nir').nir);
    const key = Number(nir.slice(13));
    const wrong = nir.slice(0, 13) + String((key % 97) + 1).padStart(2, '0');
    secrets.add(wrong);
    const { context, page } = await openPage();
    const sentBefore = () => page.requests.filter((r) => pathOf(r) !== '/v2/info' && pathOf(r).startsWith('/v2/')).length;

    await page.click('#submit');
    await page.locator('#nir-error').waitFor({ state: 'visible' });
    assert.match(await page.textContent('#nir-error'), /Remplissez au moins une partie/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'nir');

    await page.fill('#nir', wrong);
    await page.click('#submit');
    await page.waitForFunction(() => /clé/.test(document.querySelector('#nir-error').textContent));
    assert.equal(await page.getAttribute('#nir', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#nir', 'aria-describedby'), /\bnir-error\b/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'nir', 'focus moves to the field at fault');
    assert.equal(await page.isVisible('#leaves-values'), false, 'no value to send');
    await screenshot(page, 'nir-wrong-key');
    await expectAccessible(page, 'NIR with a wrong key');

    await page.fill('#nir', nir);
    await page.locator('#nir-error').waitFor({ state: 'hidden' });
    assert.equal(await page.getAttribute('#nir', 'aria-invalid'), null, 'the error clears once fixed');

    // A valid NIR and a half-filled name: the name's fields are flagged, and nothing is sent.
    await page.fill('#birthDate', '31/04/1980');
    await page.click('#submit');
    await page.locator('#birthDate-error').waitFor({ state: 'visible' });
    assert.ok(await page.isVisible('#lastName-error'), 'empty last name is flagged too');
    assert.ok(await page.isVisible('#firstName-error'), 'empty first name is flagged too');
    assert.equal(await page.isVisible('#nir-error'), false, 'the valid NIR is not flagged');
    assert.match(await page.textContent('#birthDate-error'), /n’existe pas/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'lastName');
    await screenshot(page, 'name-form-errors');
    await expectAccessible(page, 'name form errors');
    assert.equal(sentBefore(), 0, 'nothing sent while the form is refused');
    page.checkConsole();
    await context.close();
  });

  test('a page pinned to another key refuses the service, shows the key error and sends nothing', { timeout: STEP_TIMEOUT }, async () => {
    const c = pick('nir', 'present');
    const { context, page } = await openPage({
      ready: '#datasets-status:not([hidden])',
      setUp: (p) => p.route('**/app.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: otherKeyApp.app })),
    });
    await page.waitForFunction(() => /clé du service/.test(document.querySelector('#datasets-status').textContent));
    await fillForm(page, c);
    await page.click('#submit');
    await page.waitForSelector('#result.result-error-key:not([aria-busy])');
    assert.equal(await page.textContent('#result h2'), KEY_ERROR_FR);
    assert.doesNotMatch(await page.textContent('#result'), /ne figurez pas|figurent dans une fuite/);
    assert.equal(page.requests.filter((r) => isEvaluate(r) || bucketRead(r)).length, 0, 'no evaluate, no bucket read');
    await screenshot(page, 'error-key-pinned-other');
    await expectAccessible(page, 'key error');
    page.checkConsole();
    await context.close();
  });

  test('/v2/info announcing another key: the key error, and nothing is sent', { timeout: STEP_TIMEOUT }, async () => {
    const c = pick('name-dob', 'present');
    const { context, page } = await openPage({
      ready: '#datasets-status:not([hidden])',
      setUp: (p) => p.route('**/v2/info', async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        body.publicKey = otherKeyApp.publicKey;
        body.keyId = otherKeyApp.keyId;
        await route.fulfill({ response, json: body });
      }),
    });
    await fillForm(page, c);
    await page.click('#submit');
    await page.waitForSelector('#result.result-error-key:not([aria-busy])');
    assert.equal(await page.textContent('#result h2'), KEY_ERROR_FR);
    assert.equal(page.requests.filter((r) => isEvaluate(r) || bucketRead(r)).length, 0, 'no evaluate, no bucket read');
    page.checkConsole();
    await context.close();
  });

  test('a tampered proof: the key error, never "not found", and no bucket is read', { timeout: STEP_TIMEOUT }, async () => {
    const c = cases.find((x) => x.kind === 'nir' && x.expected === 'absent') ?? pick('nir', 'present');
    const { context, page } = await openPage({ allowConsoleErrors: false });
    await page.route('**/v2/evaluate', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      const proof = Buffer.from(body.proof, 'base64url');
      proof[33] ^= 0x01;
      body.proof = proof.toString('base64url');
      await route.fulfill({ response, json: body });
    });
    await fillForm(page, c);
    await page.waitForSelector('#leaves:not([aria-busy]) #leaves-values:not([hidden])');
    const from = page.requests.length;
    await page.click('#submit');
    await page.waitForSelector('#result.result-error-key:not([aria-busy])');
    const sent = page.requests.slice(from);
    assert.equal(sent.filter(isEvaluate).length, 1);
    assert.equal(JSON.parse(sent.find(isEvaluate).body).blindedElements.length, info.batch.page);
    assert.equal(sent.filter((r) => bucketRead(r)).length, 0, 'no bucket read after a bad proof');
    const text = await page.textContent('#result');
    assert.equal(await page.textContent('#result h2'), KEY_ERROR_FR);
    assert.doesNotMatch(text, /ne figurez pas|figurent dans une fuite/);
    await screenshot(page, 'error-key-tampered-proof');
    await expectAccessible(page, 'tampered proof');

    // The answer untouched again: the same page checks normally.
    await page.unroute('**/v2/evaluate');
    await page.click('#result button');
    await page.waitForSelector('#result:not(.result-error):not([aria-busy])');
    page.checkConsole();
    await context.close();
  });

  test('rate limited (429) and server errors (5xx) are explained, and retry works', { timeout: STEP_TIMEOUT }, async () => {
    // API Gateway and WAF produce these, the local server cannot: substituted for /v2/evaluate.
    const c = pick('nir', 'present');
    const { context, page } = await openPage({ allowConsoleErrors: true });
    const problem = (status, headers = {}) => ({ status, contentType: 'application/problem+json', headers,
      body: JSON.stringify({ type: 'about:blank', title: 'error', status }) });
    await page.route('**/v2/evaluate', (route) => route.fulfill(problem(429, { 'Retry-After': '120' })));
    await fillForm(page, c);
    await page.click('#submit');
    await page.waitForSelector('#result.result-error:not([aria-busy])');
    assert.match(await page.textContent('#result'), /Trop de vérifications/);
    assert.match(await page.textContent('#result'), /120 seconde/);
    await screenshot(page, 'error-rate-limited');
    await expectAccessible(page, 'rate limited');

    await page.unroute('**/v2/evaluate');
    await page.route('**/v2/evaluate', (route) => route.fulfill(problem(503)));
    await page.click('#result button');
    await page.waitForFunction(() => /problème de son côté/.test(document.querySelector('#result').textContent));
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Réessayer', 'focus stays on retry');
    await screenshot(page, 'error-server');
    await expectAccessible(page, 'server error');

    await page.unroute('**/v2/evaluate');
    const from = page.requests.length;
    await page.keyboard.press('Enter');
    await page.waitForSelector('#result.result-found:not([aria-busy])');
    assertOneSubmission(page.requests.slice(from), 'retry');
    await context.close();
  });

  test('English switch: the whole page and the result in English, and back', { timeout: STEP_TIMEOUT }, async () => {
    const c = pick('nir', 'present');
    const { context, page } = await openPage();
    await page.click('#lang-switch');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.textContent('h1'), 'Has my health data leaked?');
    assert.equal(await page.title(), 'Has my health data leaked? — leakcheck');
    assert.match(page.url(), /\?lang=en$/);
    assert.equal(await page.textContent('#lang-switch'), 'Français');
    assert.equal(await page.getAttribute('#lang-switch', 'lang'), 'fr');
    await page.fill('#nir', '12');
    await page.click('#submit');
    assert.match(await page.textContent('#nir-error'), /15 characters/);
    await fillForm(page, c);
    await submitAndCheck(page, 'result-found', 'English');
    assert.equal(await page.textContent('#result h2'), 'Your data is in a leak');
    assert.match(await page.textContent('#result'), /What to do now/);
    assert.match(await page.textContent('#leaves-buckets'), /\(of /);
    await screenshot(page, 'found-nir-en');
    await expectAccessible(page, 'English');

    await page.click('#lang-switch');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.equal(await page.textContent('#result h2'), 'Vos données figurent dans une fuite');
    page.checkConsole();
    await context.close();

    const direct = await openPage({ path: '/?lang=en' });
    assert.equal(await direct.page.textContent('h1'), 'Has my health data leaked?');
    await direct.context.close();
  });

  test('keyboard only: skip link, both kinds of fields, submit and result links', { timeout: STEP_TIMEOUT }, async () => {
    const nir = pick('nir', 'present');
    const name = cases.find((x) => x.kind === 'name-dob' && x.expected === 'present') ?? pick('name-dob', 'present-variant');
    remember(nir);
    remember(name);
    const { context, page } = await openPage();
    const focused = () => page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      return { id: e.id, cls: e.className, tag: e.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    await page.keyboard.press('Tab');
    let f = await focused();
    assert.equal(f.cls, 'skip');
    assert.ok(f.outline !== 'none' && f.width >= 2, 'focus is visible');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    f = await focused();
    assert.equal(f.id, 'nir');
    assert.ok(f.outline !== 'none' && f.width >= 2, 'focus is visible on the field');
    await page.keyboard.type(nir.nir);
    for (const [id, value] of [['lastName', name.lastName], ['firstName', name.firstName], ['birthDate', name.birthDate]]) {
      await page.keyboard.press('Tab');
      assert.equal((await focused()).id, id);
      await page.keyboard.type(value);
    }
    await page.waitForSelector('#leaves:not([aria-busy]) #leaves-values:not([hidden])');
    const from = page.requests.length;
    await page.keyboard.press('Enter');
    await page.waitForSelector('#result.result-found:not([aria-busy])');
    assertOneSubmission(page.requests.slice(from), 'keyboard');
    assert.deepEqual(await page.$$eval('#result .verdict', (s) => s.map((v) => v.dataset.verdict)), ['found', 'found']);
    await page.keyboard.press('Tab');
    assert.equal((await focused()).id, 'submit');
    let reachedLink = false;
    for (let i = 0; i < 6 && !reachedLink; i++) {
      await page.keyboard.press('Tab');
      reachedLink = await page.evaluate(() => document.activeElement.closest('#result') !== null
        && document.activeElement.tagName === 'A');
    }
    assert.ok(reachedLink, 'the result links are reachable with Tab');
    f = await focused();
    assert.ok(f.outline !== 'none' && f.width >= 2, 'focus is visible on the link');
    await screenshot(page, 'keyboard-found-both');
    await expectAccessible(page, 'keyboard');
    page.checkConsole();
    await context.close();
  });

  test('360 px wide and 200 % zoom: no horizontal scrolling', { timeout: STEP_TIMEOUT }, async () => {
    const nir = pick('nir', 'present');
    const name = pick('name-dob', 'present-variant');
    // 640 CSS px is what a 1280 px window shows at 200 % zoom.
    for (const [width, label] of [[360, 'mobile-360'], [640, 'zoom-200']]) {
      const { context, page } = await openPage({ width, height: 800 });
      await fillForm(page, nir, name);
      await submitAndCheck(page, 'result-found', label);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `${label}: page is ${scrollWidth} px wide`);
      await screenshot(page, `found-${label}`);
      await expectAccessible(page, label);
      page.checkConsole();
      await context.close();
    }
  });

  test('API down after the page loaded: a plain network error with a retry', { timeout: STEP_TIMEOUT }, async () => {
    const c = pick('nir', 'present');
    const { context, page } = await openPage({ allowConsoleErrors: true });
    await demo.stop();
    assert.equal(demo.alive, false);
    await fillForm(page, c);
    await page.waitForSelector('#leaves:not([aria-busy]) #leaves-values:not([hidden])');
    await page.click('#submit');
    await page.waitForSelector('#result.result-error:not([aria-busy])');
    assert.match(await page.textContent('#result'), /Le service ne répond pas/);
    assert.equal(await page.locator('#result button').textContent(), 'Réessayer');
    await page.click('#result button');
    await page.waitForSelector('#result.result-error:not([aria-busy])');
    assert.match(await page.textContent('#result'), /Le service ne répond pas/);
    await screenshot(page, 'error-api-down');
    await expectAccessible(page, 'API down');
    await context.close();
  });

  test('every request went to the page origin, and no identifier was ever sent', () => {
    assert.ok(requests.length > 40, `recorded ${requests.length} requests`);
    const origin = new URL(demo.baseUrl).origin;
    for (const r of requests) {
      assert.equal(new URL(r.url).origin, origin, `${r.method} ${r.url}`);
      for (const secret of secrets) {
        assert.ok(!r.url.toUpperCase().includes(secret) && !r.body.toUpperCase().includes(secret),
          `${r.method} ${new URL(r.url).pathname} carries no identifier`);
      }
    }
    const paths = new Set(requests.map((r) => pathOf(r).replace(/^(\/v2\/buckets\/[^/]+\/[0-9a-f]{32}\/)\d+$/, '$1N')));
    const expected = ['/', '/app.css', '/app.js', '/favicon.svg', '/v2/info', '/v2/evaluate',
      ...info.datasets.map((d) => `/v2/buckets/${d.id}/${d.load}/N`)];
    assert.deepEqual([...paths].sort(), expected.sort());
  });
});
