// End-to-end tests of the check page in real Chromium against `./leakcheck demo` (dynalite, a
// generated and loaded synthetic dataset under the membership policy, the v2 API and the site
// pinned to the demo's key, on one loopback origin), into which the harness loads four small
// synthetic datasets more: an open one, a gated one, one with a hostile notice, and one ended
// with `leakcheck loader end-dataset`. Needs: Debian's /usr/bin/chromium, and what
// `./leakcheck demo` needs (Java, Maven, Node). Every state is screenshotted to
// website/target/screenshots/ and checked with axe-core; every request the page makes is
// recorded: all go to the page's origin, none carries an identifier or a factor, and every
// submission makes exactly one POST /v2/evaluate of Q = 4 elements and Q bucket reads per served
// dataset (none of the ended one), whatever the form holds (docs/protocol.md §7.1).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startDemo, launchBrowser, seriousViolations, screenshot, buildSiteWithAnotherKey, WEBSITE_DIR,
} from './harness.js';
import { plainNotice, hostileNotice, HOSTILE } from './datasets.js';
import { canonicalNir, canonicalLastName } from '../src/lib/identity.js';

const PATIENTS = Number(process.env.LEAKCHECK_E2E_PATIENTS ?? 3000);
const SECURITY_HEADERS = JSON.parse(readFileSync(join(WEBSITE_DIR, 'security-headers.json'), 'utf8'));
const STEP_TIMEOUT = 60_000;
const KEY_ERROR_FR = 'La clé du service n’est pas celle attendue';

let demo;
let browser;
let cases;
let info; // /v2/info as the demo serves it once the extra datasets are in, read from Node (not through the page)
let served; // its served datasets
let extra; // the extra datasets' known answers, by id
const DEMO_ID = 'demo-2021';
const OPEN_ID = 'open-2022';
const GATED_ID = 'gated-2023';
const HOSTILE_ID = 'hostile-2024';
const ENDED_ID = 'ended-2019';
const EXTRA_PATIENTS = Number(process.env.LEAKCHECK_E2E_EXTRA_PATIENTS ?? 2000);
// Used when the demo's dataset carries no factor label to copy.
const FALLBACK_FACTOR = {
  label: { fr: 'Numéro d’adhérent de votre mutuelle', en: 'Your health insurer member number' },
  hint: { fr: 'Sur votre carte de tiers payant.', en: 'On your insurer card.' },
};
let otherKeyApp; // {app, publicKey, keyId}: app.js built pinned to another key
const requests = []; // every request of every page: {url, method, body}
const secrets = new Set(); // canonical identifiers typed during the run: must never be sent

const pick = (kind, expected) => {
  const c = cases.find((x) => x.kind === kind && x.expected === expected);
  assert.ok(c, `known answers include a ${kind} case expected ${expected}`);
  return c;
};

/** A present NIR of `list` with its factor and a wrong one (the sidecar's `factor`, `wrongFactor`). */
const pickWithFactor = (list, label) => {
  const c = list.find((x) => x.kind === 'nir' && x.expected === 'present' && x.factor && x.wrongFactor);
  assert.ok(c, `${label}: known answers include a present NIR with its factor and a wrong one`);
  return c;
};

const datasetOf = (id) => info.datasets.find((d) => d.id === id);

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

/** Fills the form with at most one case per kind; the fields of a kind not given, and the factor, are emptied. */
async function fillForm(page, ...given) {
  const nir = given.find((c) => c.kind === 'nir');
  const name = given.find((c) => c.kind === 'name-dob');
  await page.fill('#nir', nir?.nir ?? '');
  await page.fill('#lastName', name?.lastName ?? '');
  await page.fill('#firstName', name?.firstName ?? '');
  await page.fill('#birthDate', name?.birthDate ?? '');
  if (await page.isVisible('#factor')) await page.fill('#factor', '');
  for (const c of given) remember(c);
}

/** Types a factor; it is a secret too: no request may carry it. */
async function fillFactor(page, factor) {
  secrets.add(String(factor).toUpperCase().replace(/[\s./-]/g, ''));
  await page.fill('#factor', factor);
}

/** The match of dataset `id` in the verdict of `kind`: its access ("kinds", "factor-needed", ...) or null. */
const accessIn = (page, id, kind = 'nir') => page.evaluate(([k, d]) => document
  .querySelector(`#result .verdict[data-identity="${k}"] .match[data-dataset="${d}"]`)?.dataset.access ?? null, [kind, id]);

const pathOf = (r) => new URL(r.url).pathname;
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isEvaluate = (r) => r.method === 'POST' && pathOf(r) === '/v2/evaluate';
const bucketRead = (r) => /^\/v2\/buckets\/([^/]+)\/([0-9a-f]{32})\/(\d+)$/.exec(pathOf(r));

/**
 * The request invariant of §7.1 for the requests of one submission: exactly one evaluate of
 * exactly Q elements, exactly Q bucket reads of every served dataset under its served load, and
 * nothing else. Returns {elements, buckets: Map(dataset -> [b])}.
 */
function assertOneSubmission(sent, label) {
  const q = info.batch.page;
  assert.equal(q, 4, 'Q = 4');
  const evaluations = sent.filter(isEvaluate);
  assert.equal(evaluations.length, 1, `${label}: one POST /v2/evaluate`);
  const body = JSON.parse(evaluations[0].body);
  assert.deepEqual(Object.keys(body), ['blindedElements'], `${label}: the body has the one field`);
  assert.equal(body.blindedElements.length, q, `${label}: exactly Q = ${q} elements`);
  for (const m of body.blindedElements) assert.match(m, /^[A-Za-z0-9_-]{44}$/);
  const buckets = new Map(served.map((d) => [d.id, []]));
  for (const r of sent.filter((x) => bucketRead(x))) {
    const [, id, load, b] = bucketRead(r);
    const d = served.find((x) => x.id === id);
    assert.ok(d, `${label}: ${id} is a served dataset`);
    assert.equal(load, d.load, `${label}: the served load of ${id}`);
    assert.ok(Number(b) < 2 ** d.bucketBits, `${label}: bucket in range`);
    buckets.get(id).push(Number(b));
    assert.equal(r.method, 'GET');
  }
  for (const [id, list] of buckets) assert.equal(list.length, q, `${label}: exactly Q bucket reads of ${id}`);
  assert.equal(sent.length, 1 + q * served.length, `${label}: no other request`);
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
    const first = await (await fetch(`${demo.baseUrl}/v2/info`)).json();
    // The gated dataset asks for the same factor as the demo's, so the page shows one label.
    const factorLabel = first.datasets.find((d) => d.id === DEMO_ID)?.factor ?? FALLBACK_FACTOR;
    const [open, gated, hostile, ended] = await Promise.all([
      demo.addDataset({ id: OPEN_ID, patients: EXTRA_PATIENTS, seed: 2022, disclosure: 'open', notice: plainNotice('Laboratoire Ouvert'),
        title: 'Laboratoire Ouvert 2022 (synthétique)', description: 'Fuite synthétique ouverte : identité seule.' }),
      demo.addDataset({ id: GATED_ID, patients: EXTRA_PATIENTS, seed: 2023, disclosure: 'gated', notice: plainNotice('Laboratoire Fermé'),
        factorLabel, title: 'Laboratoire Fermé 2023 (synthétique)', description: 'Fuite synthétique : seulement avec le numéro d’adhérent.' }),
      demo.addDataset({ id: HOSTILE_ID, patients: 300, seed: 2024, disclosure: 'open', notice: hostileNotice(),
        title: `Fuite <b>hostile</b> ${HOSTILE.rlo}<script>window.__leakcheckPwned="title"</script>`, description: '<img src="/pwned.png">Avis piégé' }),
      demo.addDataset({ id: ENDED_ID, patients: 300, seed: 2019, disclosure: 'open', notice: plainNotice('Laboratoire Ancien'),
        title: 'Laboratoire Ancien 2019 (synthétique)', description: 'Fuite synthétique dont la vérification est terminée.' }),
    ]);
    extra = { [OPEN_ID]: open, [GATED_ID]: gated, [HOSTILE_ID]: hostile, [ENDED_ID]: ended };
    await demo.endDataset(ENDED_ID);
    info = await demo.awaitInfo((i) => [DEMO_ID, OPEN_ID, GATED_ID, HOSTILE_ID].every((id) => i.datasets.some((d) => d.id === id && d.status === 'served'))
      && i.datasets.some((d) => d.id === ENDED_ID && d.status === 'ended'));
    served = info.datasets.filter((d) => d.status === 'served');
    assert.equal(info.protocolVersion, 2);
    assert.equal(info.batch.page, 4);
    assert.equal(datasetOf(DEMO_ID).disclosure, 'membership', 'the demo loads with membership');
    assert.deepEqual(Object.keys(datasetOf(ENDED_ID)).sort(), ['description', 'disclosure', 'id', 'notice', 'servedUntil', 'status', 'title'],
      'an ended dataset has no load: nothing to read');
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
    const c = pickWithFactor(cases, 'demo');
    const { context, page } = await openPage();
    await fillForm(page, c);
    await fillFactor(page, c.factor);
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
    if (c.factor) await fillFactor(page, c.factor);
    await submitAndCheck(page, 'result-found', 'name only');
    assert.equal(await page.getAttribute('#result .verdict', 'data-identity'), 'name-dob');
    if (c.factor) {
      assert.equal(await accessIn(page, DEMO_ID, 'name-dob'), 'kinds');
      assert.equal(await page.locator('#result .kinds [data-kind="IDENTITY"]').count(), 1, 'identity is exposed');
    } else {
      assert.equal(await accessIn(page, DEMO_ID, 'name-dob'), 'factor-needed');
    }
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

    // The evaluate function's daily cap: a problem document with rule rate.daily; not "wait minutes".
    await page.unroute('**/v2/evaluate');
    await page.route('**/v2/evaluate', (route) => route.fulfill({ status: 429, contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'https://leakcheck.org/problems/rate-limited', title: 'Too many requests', status: 429,
        detail: 'the daily number of evaluations from this address is used up', rule: 'rate.daily' }) }));
    await page.click('#result button');
    await page.waitForFunction(() => /Revenez demain/.test(document.querySelector('#result').textContent));
    assert.doesNotMatch(await page.textContent('#result'), /Patientez quelques minutes/);
    await screenshot(page, 'error-rate-daily');
    await expectAccessible(page, 'daily cap');

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
    assert.match(await page.textContent('#factor-label'), new RegExp(escapeRegExp(datasetOf(DEMO_ID).factor.label.en)), 'the factor label in English');
    assert.match(await page.textContent('#factor-why'), /protects the people in the leak/);
    assert.match(await page.textContent('.feed'), /feed of leaks/);
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

    assert.match(await page.textContent('#result'), /enter “/, 'the membership verdict in English');
    await page.click('#lang-switch');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.equal(await page.textContent('#result h2'), 'Vos données figurent dans une fuite');
    assert.match(await page.textContent('#factor-label'), new RegExp(escapeRegExp(datasetOf(DEMO_ID).factor.label.fr)));
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
    await page.keyboard.press('Tab');
    assert.equal((await focused()).id, 'factor', 'the factor field comes after the name part');
    if (nir.factor) {
      secrets.add(nir.factor);
      await page.keyboard.type(nir.factor);
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

  // ---- disclosure policies, notices, ended datasets (issue 10) ------------------------------------

  test('the factor field: asked because a served dataset uses one, with its label, hint and why', { timeout: STEP_TIMEOUT }, async () => {
    const factor = datasetOf(DEMO_ID).factor;
    const { context, page } = await openPage();
    assert.ok(await page.isVisible('#factor'), 'the factor field is shown');
    assert.match(await page.textContent('#factor-label'), new RegExp(escapeRegExp(factor.label.fr)));
    if (factor.hint.fr) assert.match(await page.textContent('#factor-hint'), new RegExp(escapeRegExp(factor.hint.fr)));
    assert.match(await page.textContent('#factor-why'), /protège les personnes de la fuite/);
    assert.match(await page.getAttribute('#factor', 'aria-describedby'), /factor-why/);
    assert.equal(await page.getAttribute('link[rel="alternate"]', 'type'), 'application/feed+json');
    assert.equal(await page.getAttribute('link[rel="alternate"]', 'href'), '/v2/feed.json');
    assert.equal(await page.getAttribute('#feed-link', 'href'), '/v2/feed.json');
    const feed = await fetch(`${demo.baseUrl}/v2/feed.json`);
    assert.equal(feed.status, 200, 'the feed the page links to answers');

    // A factor with a character no member number has: refused under its label, nothing sent.
    const c = pick('nir', 'present');
    await fillForm(page, c);
    await page.fill('#factor', 'AB#12');
    const from = page.requests.length;
    await page.click('#submit');
    await page.locator('#factor-error').waitFor({ state: 'visible' });
    assert.match(await page.textContent('#factor-error'), /lettres et des chiffres/);
    assert.equal(await page.getAttribute('#factor', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'factor');
    assert.equal(page.requests.slice(from).filter((r) => pathOf(r).startsWith('/v2/')).length, 0, 'nothing sent');
    await expectAccessible(page, 'factor refused');
    page.checkConsole();
    await context.close();

    // Datasets asking for different factors: one field, a generic label, each dataset's label listed.
    const other = { label: { fr: 'Numéro de dossier du laboratoire', en: 'Laboratory file number' }, hint: { fr: 'En haut du compte rendu.', en: 'At the top of the report.' } };
    const several = await openPage({
      setUp: (p) => p.route('**/v2/info', async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        body.datasets.find((d) => d.id === GATED_ID).factor = other;
        await route.fulfill({ response, json: body });
      }),
    });
    assert.match(await several.page.textContent('#factor-label'), /Numéro demandé par la fuite/);
    const listed = await several.page.$$eval('#factor-hint li', (li) => li.map((x) => [x.dataset.dataset, x.textContent]));
    assert.deepEqual(listed.map(([id]) => id).sort(), [DEMO_ID, GATED_ID].sort());
    assert.match(listed.find(([id]) => id === GATED_ID)[1], /Numéro de dossier du laboratoire — En haut du compte rendu\./);
    assert.match(listed.find(([id]) => id === DEMO_ID)[1], new RegExp(escapeRegExp(factor.label.fr)));
    await expectAccessible(several.page, 'several factor labels');
    several.page.checkConsole();
    await several.context.close();
  });

  test('membership (the demo): found without the factor, the kinds with it, membership only with a wrong one', { timeout: STEP_TIMEOUT }, async () => {
    const c = pickWithFactor(cases, 'demo');
    const notice = datasetOf(DEMO_ID).notice;
    const { context, page } = await openPage();
    await fillForm(page, c);
    await submitAndCheck(page, 'result-found', 'membership, no factor');
    assert.equal(await accessIn(page, DEMO_ID), 'factor-needed');
    const match = `#result .match[data-dataset="${DEMO_ID}"]`;
    assert.match(await page.textContent(`${match} .factor-note`), /Pour voir lesquelles de vos données ont fuité, saisissez « /);
    assert.equal(await page.locator(`${match} .kinds`).count(), 0, 'no kinds of the person without the factor');
    assert.ok(await page.locator(`${match} .exposed li`).count() >= 1, 'what the leak contained, dataset-wide');
    assert.equal(await page.textContent(`${match} [data-field="measures"]`), notice.fr.measures, 'the measures on every found');
    assert.match(await page.textContent(`${match} [data-field="contact"]`), new RegExp(escapeRegExp(notice.contact.name)), 'the contact point on every found');
    await screenshot(page, 'found-without-factor');
    await expectAccessible(page, 'found without the factor');

    await fillFactor(page, c.factor);
    await submitAndCheck(page, 'result-found', 'membership, right factor');
    assert.equal(await accessIn(page, DEMO_ID), 'kinds');
    assert.ok(await page.locator(`${match} .kinds li`).count() >= 1, 'the person\'s kinds');
    assert.ok(await page.locator(`${match} .kinds [data-kind="NIR"]`).count() === 1, 'a NIR match exposes the NIR');
    assert.equal(await page.textContent(`${match} [data-field="measures"]`), notice.fr.measures);
    await screenshot(page, 'found-with-factor');
    await expectAccessible(page, 'found with the factor');

    await fillFactor(page, c.wrongFactor);
    await submitAndCheck(page, 'result-found', 'membership, wrong factor');
    assert.equal(await accessIn(page, DEMO_ID), 'factor-wrong');
    assert.match(await page.textContent(`${match} .factor-note`), /Le détail de vos données demande le bon « /);
    assert.equal(await page.locator(`${match} .kinds`).count(), 0, 'a wrong factor shows membership only');
    await screenshot(page, 'found-wrong-factor');
    await expectAccessible(page, 'found with a wrong factor');
    page.checkConsole();
    await context.close();
  });

  test('gated: the identity alone is not found, the right factor finds it with the kinds, a wrong one does not', { timeout: STEP_TIMEOUT }, async () => {
    const c = pickWithFactor(extra[GATED_ID], GATED_ID);
    const { context, page } = await openPage();
    await fillForm(page, c);
    await submitAndCheck(page, 'result-notfound', 'gated, no factor');
    assert.equal(await page.locator(`#result .gated-note[data-dataset="${GATED_ID}"]`).count(), 1, 'says the gated leak needs the factor');
    await fillFactor(page, c.factor);
    await submitAndCheck(page, 'result-found', 'gated, right factor');
    assert.equal(await accessIn(page, GATED_ID), 'kinds');
    assert.ok(await page.locator(`#result .match[data-dataset="${GATED_ID}"] .kinds li`).count() >= 1);
    await screenshot(page, 'found-gated-with-factor');
    await expectAccessible(page, 'gated with the factor');
    await fillFactor(page, c.wrongFactor);
    await submitAndCheck(page, 'result-notfound', 'gated, wrong factor');
    assert.equal(await page.locator('#result .gated-note').count(), 0, 'a factor was typed: no note');
    page.checkConsole();
    await context.close();
  });

  test('open: the kinds without any factor, and a factor typed changes nothing', { timeout: STEP_TIMEOUT }, async () => {
    const c = pickWithFactor(extra[OPEN_ID], OPEN_ID);
    const { context, page } = await openPage();
    await fillForm(page, c);
    await submitAndCheck(page, 'result-found', 'open, no factor');
    assert.equal(await accessIn(page, OPEN_ID), 'kinds');
    const kinds = await page.$$eval(`#result .match[data-dataset="${OPEN_ID}"] .kinds li`, (li) => li.map((x) => x.dataset.kind));
    assert.ok(kinds.includes('NIR'));
    await fillFactor(page, c.wrongFactor);
    await submitAndCheck(page, 'result-found', 'open, a factor typed');
    assert.deepEqual(await page.$$eval(`#result .match[data-dataset="${OPEN_ID}"] .kinds li`, (li) => li.map((x) => x.dataset.kind)), kinds);
    page.checkConsole();
    await context.close();
  });

  test('the notice panel: the whole notice, as text, with safe links', { timeout: STEP_TIMEOUT }, async () => {
    const d = datasetOf(DEMO_ID);
    const n = d.notice;
    const { context, page } = await openPage();
    const panel = `#dataset-${DEMO_ID} details.notice-panel`;
    assert.equal(await page.getAttribute(panel, 'open'), null, 'closed at first');
    await page.click(`${panel} summary`);
    const field = (f) => page.textContent(`${panel} [data-field="${f}"]`);
    assert.equal(await field('controller'), n.controller);
    for (const f of ['whatHappened', 'when', 'consequences', 'measures', 'whatToDo']) assert.equal(await field(f), n.fr[f], f);
    assert.match(await field('contact'), new RegExp(escapeRegExp(n.contact.name)));
    assert.match(await field('dpo'), new RegExp(escapeRegExp(n.dpo.name)));
    const hrefs = await page.$$eval(`${panel} a`, (a) => a.map((x) => x.getAttribute('href')));
    for (const h of hrefs) assert.match(h, /^(https:|mailto:|tel:)/, `only https, mailto and tel links: ${h}`);
    if (n.contact.url) assert.ok(hrefs.includes(new URL(n.contact.url).href), 'the contact URL is a link');
    if (d.exposedKinds?.length) assert.equal(await page.locator(`${panel} .exposed li`).count(), d.exposedKinds.length);
    await screenshot(page, 'notice-panel');
    await expectAccessible(page, 'notice panel');

    await page.click('#lang-switch');
    assert.notEqual(await page.getAttribute(panel, 'open'), null, 'still open in English');
    assert.equal(await field('measures'), n.en.measures);
    page.checkConsole();
    await context.close();
  });

  test('an ended dataset: listed as no longer searchable, with its notice, never read', { timeout: STEP_TIMEOUT }, async () => {
    const c = pick('nir', 'present');
    const endedCase = extra[ENDED_ID].find((x) => x.kind === 'nir' && x.expected === 'present');
    const { context, page } = await openPage();
    const item = `#ended-list li[data-dataset="${ENDED_ID}"]`;
    assert.ok(await page.isVisible(item));
    assert.equal(await page.locator(`#datasets-list li[data-dataset="${ENDED_ID}"]`).count(), 0, 'not among the searched leaks');
    assert.match(await page.textContent(item), /Plus vérifiable depuis le \d+/);
    await page.click(`${item} summary`);
    assert.equal(await page.textContent(`${item} [data-field="controller"]`), datasetOf(ENDED_ID).notice.controller);
    // Someone in the ended dataset only: not found, and none of its buckets read (assertOneSubmission).
    await fillForm(page, endedCase);
    await submitAndCheck(page, 'result-notfound', 'ended dataset');
    assert.equal(page.requests.filter((r) => bucketRead(r)?.[1] === ENDED_ID).length, 0);
    await screenshot(page, 'ended-dataset');
    await expectAccessible(page, 'ended dataset');
    await fillForm(page, c);
    await submitAndCheck(page, 'result-found', 'after the ended one');
    page.checkConsole();
    await context.close();
  });

  test('a hostile notice is rendered inert: no script, no element from its markup, literal text, layout intact', { timeout: STEP_TIMEOUT }, async () => {
    const n = datasetOf(HOSTILE_ID).notice;
    const c = extra[HOSTILE_ID].find((x) => x.kind === 'nir' && x.expected === 'present');
    for (const width of [1024, 360]) {
      const { context, page } = await openPage({
        width,
        // Counts CSP violations from the first script on (DevTools protocol: the CSP stays on).
        setUp: (p) => p.addInitScript(() => {
          window.__cspViolations = [];
          document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
        }),
      });
      const panel = `#dataset-${HOSTILE_ID} details.notice-panel`;
      await page.click(`${panel} summary`);
      await fillForm(page, c);
      await submitAndCheck(page, 'result-found', `hostile ${width}`);
      assert.equal(await accessIn(page, HOSTILE_ID), 'kinds');

      const state = await page.evaluate(() => ({
        pwned: window.__leakcheckPwned ?? null,
        csp: window.__cspViolations,
        imgs: document.querySelectorAll('img').length,
        scripts: [...document.querySelectorAll('script')].map((x) => x.getAttribute('src')),
        injected: document.querySelectorAll('#pwned-bold, #pwned-link, b, iframe, object, embed, [onerror], [onclick]').length,
        jsLinks: [...document.querySelectorAll('a')].filter((a) => !/^(https:|mailto:|tel:|#|\?lang=|\/v2\/feed\.json$)/.test(a.getAttribute('href'))).map((a) => a.getAttribute('href')),
        scrollWidth: document.documentElement.scrollWidth,
        formLeft: document.querySelector('#check').getBoundingClientRect().left,
      }));
      assert.equal(state.pwned, null, 'no script from the notice ran');
      assert.deepEqual(state.csp, [], 'no CSP violation: nothing even tried to run or load');
      assert.equal(state.imgs, 0, 'no <img> from the markup');
      assert.deepEqual(state.scripts, ['app.js'], 'our one script only');
      assert.equal(state.injected, 0, 'no element from the markup');
      assert.deepEqual(state.jsLinks, [], 'no link other than https, mailto, tel and our own');
      assert.ok(state.scrollWidth <= width, `${width}: page is ${state.scrollWidth} px wide`);
      assert.ok(state.formLeft >= 0, 'the form is still in place');

      // The text, literally, with its markup and bidi characters.
      assert.equal(await page.textContent(`${panel} [data-field="whatHappened"]`), n.fr.whatHappened);
      assert.equal((await page.textContent(`${panel} [data-field="whatHappened"]`)).length, 10_000);
      assert.equal(await page.textContent(`${panel} [data-field="controller"]`), n.controller);
      assert.equal(await page.textContent(`#result .match[data-dataset="${HOSTILE_ID}"] [data-field="measures"]`), n.fr.measures);
      assert.ok((await page.innerText(`${panel} [data-field="measures"]`)).includes(HOSTILE.script), 'markup shown as text');
      assert.match(await page.textContent(`#dataset-${HOSTILE_ID} .title`), /<script>/);
      // Every text from the service is isolated, its direction its own: an override cannot leak out.
      const notIsolated = await page.$$eval('.user-text', (nodes) => nodes
        .filter((x) => x.getAttribute('dir') !== 'auto' || getComputedStyle(x).unicodeBidi !== 'isolate').length);
      assert.equal(notIsolated, 0, 'dir="auto" and unicode-bidi: isolate on every text from the service');
      const withOverride = await page.$$eval('.user-text', (nodes) => nodes.filter((x) => x.textContent.includes('\u202E')).length);
      assert.ok(withOverride >= 5, 'the overrides are there, inside isolated elements');
      // Our own text right after an open override still reads left to right: its first character
      // is drawn left of its second (the headings of the notice, the contact lines).
      const reversed = await page.$$eval(`${panel} dt, ${panel} .channel-url, ${panel} .channel-email, #result .match[data-dataset="${HOSTILE_ID}"] .notice-label`, (nodes) => nodes
        .filter((node) => {
          const text = node.firstChild;
          if (!text || text.nodeType !== Node.TEXT_NODE || text.length < 3) return false;
          const x = (i) => {
            const range = document.createRange();
            range.setStart(text, i);
            range.setEnd(text, i + 1);
            return range.getBoundingClientRect().left;
          };
          return !(x(0) < x(1));
        }).map((node) => node.textContent.slice(0, 40)));
      assert.deepEqual(reversed, [], 'no override leaks into the text around it');
      // The same on one line: the title (with its open override) then our " : 3, 5, 9 et 12 (sur 16)".
      assert.ok(await page.$eval(`#leaves-buckets li[data-dataset="${HOSTILE_ID}"]`, (li) => {
        const text = [...li.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.data.includes('sur'));
        const i = text.data.indexOf('sur');
        const x = (at) => {
          const range = document.createRange();
          range.setStart(text, at);
          range.setEnd(text, at + 1);
          return range.getBoundingClientRect().left;
        };
        return i > 0 && x(i) < x(i + 1);
      }), 'the text after the hostile title, on the same line, still reads left to right');
      const contactHref = await page.getAttribute(`${panel} [data-field="contact"] .channel-url a`, 'href');
      assert.equal(contactHref, new URL(n.contact.url).href);
      assert.match(await page.getAttribute(`${panel} [data-field="contact"] .channel-email a`, 'href'), /^mailto:%22%3E%3Cimg/);
      assert.equal(page.requests.filter((r) => /pwned/.test(pathOf(r))).length, 0, 'nothing from the markup was requested');
      // 50,000 characters of notice make the page too tall for one full-page capture: the viewport
      // from the panel's top (controller, what happened), then from the result's hostile match.
      await page.evaluate((sel) => document.querySelector(sel).scrollIntoView({ block: 'start' }), `${panel} summary`);
      await screenshot(page, width === 1024 ? 'hostile-notice' : 'hostile-notice-360', { fullPage: false });
      if (width === 1024) {
        await page.evaluate((sel) => document.querySelector(sel).scrollIntoView({ block: 'start' }), `#result .match[data-dataset="${HOSTILE_ID}"]`);
        await screenshot(page, 'hostile-notice-found', { fullPage: false });
      }
      await expectAccessible(page, `hostile notice ${width}`);
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
      ...served.map((d) => `/v2/buckets/${d.id}/${d.load}/N`)];
    assert.deepEqual([...paths].sort(), expected.sort());
  });
});
