// End-to-end tests of the check page in real Chromium against `./leakcheck demo` (dynalite, a
// generated and loaded synthetic dataset, the API and website/dist on one loopback origin).
// Needs: Debian's /usr/bin/chromium, a built website/dist, and what `./leakcheck demo` needs
// (Java, Maven, Node). Every state is screenshotted to website/target/screenshots/ and checked
// with axe-core; every request the page makes is recorded and must go to the page's origin.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemo, launchBrowser, seriousViolations, screenshot, WEBSITE_DIR } from './harness.js';
import { canonicalNir, canonicalLastName } from '../src/lib/identity.js';

const PATIENTS = Number(process.env.LEAKCHECK_E2E_PATIENTS ?? 3000);
const SECURITY_HEADERS = JSON.parse(readFileSync(join(WEBSITE_DIR, 'security-headers.json'), 'utf8'));
const STEP_TIMEOUT = 60_000;

let demo;
let browser;
let cases;
const requests = []; // every request of every page: {url, method, body}
const secrets = new Set(); // canonical identifiers typed during the run: must never be sent

async function openPage({ width = 1024, height = 900, path = '/', allowConsoleErrors = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() ?? '' }));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  const response = await page.goto(demo.baseUrl + path);
  assert.equal(response.status(), 200);
  await page.waitForSelector('#datasets-list:not([hidden])');
  page.consoleErrors = consoleErrors;
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

async function fillNir(page, nir) {
  await page.check('#method-nir');
  await page.fill('#nir', nir);
}

async function fillNameDob(page, c) {
  await page.check('#method-name');
  await page.fill('#lastName', c.lastName);
  await page.fill('#firstName', c.firstName);
  await page.fill('#birthDate', c.birthDate);
}

/** Waits for the panel to show the values, submits, and checks they are exactly what was sent. */
async function submitAndCheckPanel(page, resultClass) {
  await page.waitForSelector('#leaves-values:not([hidden])');
  const shownElement = await page.textContent('#leaves-element');
  const shownBucket = Number((await page.textContent('#leaves-bucket')).split(/\s(?:sur|of)\s/)[0].replace(/\D/g, ''));
  const evaluate = page.waitForRequest((r) => r.url().endsWith('/v1/evaluate'));
  const bucket = page.waitForRequest((r) => /\/v1\/buckets\/\d+$/.test(r.url()));
  await page.click('#submit');
  const [evaluateRequest, bucketRequest] = await Promise.all([evaluate, bucket]);
  assert.deepEqual(JSON.parse(evaluateRequest.postData()), { blindedElement: shownElement }, 'panel shows the element sent');
  assert.equal(Number(bucketRequest.url().split('/').pop()), shownBucket, 'panel shows the bucket fetched');
  assert.match(shownElement, /^[A-Za-z0-9_-]{44}$/);
  await page.waitForSelector(`#result.${resultClass}`);
}

describe('check page in Chromium against ./leakcheck demo', { timeout: 900_000 }, () => {
  before(async () => {
    demo = await startDemo(PATIENTS);
    browser = await launchBrowser();
    cases = demo.knownAnswers();
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
    await screenshot(page, 'home-fr');
    await expectAccessible(page, 'home');
    page.checkConsole();
    await context.close();
  });

  test('found by NIR: the dataset and the exposed kinds, with what to do now', { timeout: STEP_TIMEOUT }, async () => {
    const c = cases.find((x) => x.kind === 'nir' && x.expected === 'present');
    assert.ok(c, 'known answers include a present NIR');
    remember(c);
    const { context, page } = await openPage();
    await fillNir(page, c.nir);
    await submitAndCheckPanel(page, 'result-found');
    assert.equal(await page.textContent('#result h2'), 'Vos données figurent dans une fuite');
    assert.ok((await page.locator('#result .kinds li').count()) >= 1, 'at least one exposed kind');
    assert.ok(await page.locator('#result [data-kind="NIR"]').count() === 1, 'a NIR match exposes the NIR');
    assert.equal(await page.locator('#result a[href="https://www.cnil.fr/fr/plaintes"]').count(), 1);
    assert.equal(await page.locator('#result a[href="https://www.cybermalveillance.gouv.fr/"]').count(), 1);
    await screenshot(page, 'found-nir');
    await expectAccessible(page, 'found by NIR');
    page.checkConsole();
    await context.close();
  });

  test('found by name variant: another spelling of a leaked name matches', { timeout: STEP_TIMEOUT }, async () => {
    const c = cases.find((x) => x.kind === 'name-dob' && x.expected === 'present-variant');
    assert.ok(c, 'known answers include a name variant');
    remember(c);
    const { context, page } = await openPage();
    await fillNameDob(page, c);
    await submitAndCheckPanel(page, 'result-found');
    assert.ok(await page.locator('#result [data-kind="IDENTITY"]').count() === 1, 'identity is exposed');
    await screenshot(page, 'found-name-variant');
    await expectAccessible(page, 'found by name variant');
    page.checkConsole();
    await context.close();
  });

  test('not found: says what it means and what it does not', { timeout: STEP_TIMEOUT }, async () => {
    const c = cases.find((x) => x.kind === 'name-dob' && x.expected === 'absent')
      ?? cases.find((x) => x.expected === 'absent');
    assert.ok(c, 'known answers include an absent identity');
    remember(c);
    const { context, page } = await openPage();
    if (c.kind === 'nir') await fillNir(page, c.nir);
    else await fillNameDob(page, c);
    await submitAndCheckPanel(page, 'result-notfound');
    const text = await page.textContent('#result');
    assert.match(text, /Vous ne figurez pas/);
    assert.match(text, /ne prouve pas/);
    await screenshot(page, 'not-found');
    await expectAccessible(page, 'not found');
    page.checkConsole();
    await context.close();
  });

  test('a NIR with a wrong key is refused at the field, and nothing is sent', { timeout: STEP_TIMEOUT }, async () => {
    const nir = canonicalNir(cases.find((x) => x.kind === 'nir').nir);
    const key = Number(nir.slice(13));
    const wrong = nir.slice(0, 13) + String((key % 97) + 1).padStart(2, '0');
    secrets.add(wrong);
    const { context, page } = await openPage();
    const before = requests.length;
    await fillNir(page, wrong);
    await page.click('#submit');
    const error = page.locator('#nir-error');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.textContent(), /clé/);
    assert.equal(await page.getAttribute('#nir', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#nir', 'aria-describedby'), /\bnir-error\b/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'nir', 'focus moves to the field at fault');
    assert.equal(await page.isVisible('#leaves-values'), false, 'no value to send');
    assert.equal(requests.slice(before).filter((r) => r.url.includes('/v1/evaluate')).length, 0);
    await screenshot(page, 'nir-wrong-key');
    await expectAccessible(page, 'wrong key');

    await page.fill('#nir', nir);
    await error.waitFor({ state: 'hidden' });
    assert.equal(await page.getAttribute('#nir', 'aria-invalid'), null, 'the error clears once fixed');

    await page.check('#method-name');
    await page.fill('#birthDate', '31/04/1980');
    await page.click('#submit');
    await page.locator('#birthDate-error').waitFor({ state: 'visible' });
    assert.ok(await page.isVisible('#lastName-error'), 'empty last name is flagged too');
    assert.match(await page.textContent('#birthDate-error'), /n’existe pas/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'lastName');
    await screenshot(page, 'name-form-errors');
    await expectAccessible(page, 'name form errors');
    page.checkConsole();
    await context.close();
  });

  test('rate limited (429) and server errors (5xx) are explained, and retry works', { timeout: STEP_TIMEOUT }, async () => {
    // API Gateway and WAF produce these, the local server cannot: this is the one place the
    // test substitutes a response, and only for /v1/evaluate.
    const c = cases.find((x) => x.kind === 'nir');
    const { context, page } = await openPage({ allowConsoleErrors: true });
    const problem = (status) => ({ status, contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'error', status }) });
    await page.route('**/v1/evaluate', (route) => route.fulfill(problem(429)));
    await fillNir(page, c.nir);
    await page.click('#submit');
    await page.waitForSelector('#result.result-error');
    assert.match(await page.textContent('#result'), /Trop de vérifications/);
    await screenshot(page, 'error-rate-limited');
    await expectAccessible(page, 'rate limited');

    await page.unroute('**/v1/evaluate');
    await page.route('**/v1/evaluate', (route) => route.fulfill(problem(503)));
    await page.click('#result button');
    await page.waitForFunction(() => /problème de son côté/.test(document.querySelector('#result').textContent));
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Réessayer', 'focus stays on retry');
    await screenshot(page, 'error-server');
    await expectAccessible(page, 'server error');

    await page.unroute('**/v1/evaluate');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#result.result-found');
    await context.close();
  });

  test('English switch: the whole page and the result in English, and back', { timeout: STEP_TIMEOUT }, async () => {
    const c = cases.find((x) => x.kind === 'nir' && x.expected === 'present');
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
    await fillNir(page, c.nir);
    await submitAndCheckPanel(page, 'result-found');
    assert.equal(await page.textContent('#result h2'), 'Your data is in a leak');
    assert.match(await page.textContent('#result'), /What to do now/);
    assert.match(await page.textContent('#leaves-bucket'), / of /);
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

  test('keyboard only: skip link, method choice, fields, submit and result links', { timeout: STEP_TIMEOUT }, async () => {
    const c = cases.find((x) => x.kind === 'name-dob' && x.expected === 'present')
      ?? cases.find((x) => x.kind === 'name-dob' && x.expected === 'present-variant');
    remember(c);
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
    assert.equal(f.id, 'method-nir');
    assert.ok(f.outline !== 'none' && f.width >= 2, 'focus is visible on the radio');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.isChecked('#method-name'), true);
    await page.keyboard.press('Tab');
    assert.equal((await focused()).id, 'lastName');
    await page.keyboard.type(c.lastName);
    await page.keyboard.press('Tab');
    assert.equal((await focused()).id, 'firstName');
    await page.keyboard.type(c.firstName);
    await page.keyboard.press('Tab');
    assert.equal((await focused()).id, 'birthDate');
    await page.keyboard.type(c.birthDate);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#result.result-found');
    await page.keyboard.press('Tab');
    assert.equal((await focused()).id, 'submit');
    let reachedLink = false;
    for (let i = 0; i < 5 && !reachedLink; i++) {
      await page.keyboard.press('Tab');
      reachedLink = await page.evaluate(() => document.activeElement.closest('#result') !== null
        && document.activeElement.tagName === 'A');
    }
    assert.ok(reachedLink, 'the result links are reachable with Tab');
    f = await focused();
    assert.ok(f.outline !== 'none' && f.width >= 2, 'focus is visible on the link');
    await screenshot(page, 'keyboard-found');
    await expectAccessible(page, 'keyboard');
    page.checkConsole();
    await context.close();
  });

  test('360 px wide and 200 % zoom: no horizontal scrolling', { timeout: STEP_TIMEOUT }, async () => {
    const c = cases.find((x) => x.kind === 'nir' && x.expected === 'present');
    // 640 CSS px is what a 1280 px window shows at 200 % zoom.
    for (const [width, name] of [[360, 'mobile-360'], [640, 'zoom-200']]) {
      const { context, page } = await openPage({ width, height: 800 });
      await fillNir(page, c.nir);
      await submitAndCheckPanel(page, 'result-found');
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `${name}: page is ${scrollWidth} px wide`);
      await screenshot(page, `found-${name}`);
      await expectAccessible(page, name);
      page.checkConsole();
      await context.close();
    }
  });

  test('API down after the page loaded: a plain network error with a retry', { timeout: STEP_TIMEOUT }, async () => {
    const c = cases.find((x) => x.kind === 'nir' && x.expected === 'present');
    const { context, page } = await openPage({ allowConsoleErrors: true });
    await demo.stop();
    assert.equal(demo.alive, false);
    await fillNir(page, c.nir);
    await page.waitForSelector('#leaves-values:not([hidden])');
    await page.click('#submit');
    await page.waitForSelector('#result.result-error');
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
    assert.ok(requests.length > 20, `recorded ${requests.length} requests`);
    const origin = new URL(demo.baseUrl).origin;
    for (const r of requests) {
      assert.equal(new URL(r.url).origin, origin, `${r.method} ${r.url}`);
      for (const secret of secrets) {
        assert.ok(!r.url.toUpperCase().includes(secret) && !r.body.toUpperCase().includes(secret),
          `${r.method} ${new URL(r.url).pathname} carries no identifier`);
      }
    }
    const paths = new Set(requests.map((r) => new URL(r.url).pathname.replace(/\d+$/, 'N')));
    assert.deepEqual([...paths].sort(),
      ['/', '/app.css', '/app.js', '/favicon.svg', '/v1/buckets/N', '/v1/evaluate', '/v1/info'].sort());
  });
});
