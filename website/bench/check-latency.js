// Benchmark (run by bench/web.sh, not a test): in headless Chromium against a running demo,
// times 20 submissions from the click on "Vérifier" to the rendered result, with the browser cache
// disabled (a first-time visitor) and the blinds computed after the click (no preview ahead of
// them), after 3 warm-up submissions. Each submission is the full v2 exchange (§7.1): Q blinds,
// one POST /v2/evaluate, the proof verified, Q finalizations, Q bucket reads per dataset, the
// search. The known answers are cycled through, one identity per submission, and every fourth
// submission fills in both kinds. JS size is the gzip of the app.js the demo serves. Prints one
// summary line.
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { launchBrowser } from '../e2e/harness.js';

const [baseUrl, knownAnswersFile] = process.argv.slice(2);
const CHECKS = 20;
const WARM_UP = 3;

const cases = JSON.parse(readFileSync(knownAnswersFile, 'utf8')).cases;
if (cases.length === 0) throw new Error('no known answers');

const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.goto(baseUrl);
  await page.waitForSelector('#datasets-list:not([hidden])');

  const times = [];
  for (let i = 0; i < WARM_UP + CHECKS; i++) {
    const c = cases[i % cases.length];
    const other = i % 4 === 3 ? cases.find((x) => x.kind !== c.kind) : null;
    const nir = [c, other].find((x) => x?.kind === 'nir');
    const name = [c, other].find((x) => x?.kind === 'name-dob');
    await page.fill('#nir', nir?.nir ?? '');
    await page.fill('#lastName', name?.lastName ?? '');
    await page.fill('#firstName', name?.firstName ?? '');
    await page.fill('#birthDate', name?.birthDate ?? '');
    // Click and wait for the result inside the page, timed with the page's own clock.
    const ms = await page.evaluate(() => new Promise((resolve, reject) => {
      const result = document.getElementById('result');
      const t0 = performance.now();
      const observer = new MutationObserver(() => {
        if (/\bresult-(found|notfound|error)\b/.test(result.className) && !result.hasAttribute('aria-busy')) {
          observer.disconnect();
          if (result.classList.contains('result-error')) reject(new Error('check failed'));
          // The next frame: the result has been laid out and painted.
          requestAnimationFrame(() => resolve(performance.now() - t0));
        }
      });
      result.className = 'result';
      observer.observe(result, { attributes: true, childList: true });
      document.getElementById('submit').click();
    }));
    if (i >= WARM_UP) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const rank = (p) => times[Math.ceil(p * times.length) - 1];
  const app = Buffer.from(await (await fetch(new URL('app.js', baseUrl))).arrayBuffer());
  const jsGzip = gzipSync(app, { level: 9 }).length;
  console.log(`checks: ${times.map((t) => t.toFixed(1)).join(' ')}`);
  console.log(`web: check_p50_ms=${Math.round(rank(0.5))} check_p95_ms=${Math.round(rank(0.95))} js_kb_gzip=${Math.round(jsGzip / 1024)}`);
} finally {
  await browser.close();
}
