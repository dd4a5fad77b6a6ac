// Benchmark (run by bench/web.sh, not a test): in headless Chromium against a running demo,
// times 20 checks from the click on "Vérifier" to the rendered result, with the browser cache
// disabled (a first-time visitor) and the blind computed after the click (no preview ahead of
// it), after 3 warm-up checks. Prints one summary line.
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, WEBSITE_DIR } from '../e2e/harness.js';

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
    if (c.kind === 'nir') {
      await page.check('#method-nir');
      await page.fill('#nir', c.nir);
    } else {
      await page.check('#method-name');
      await page.fill('#lastName', c.lastName);
      await page.fill('#firstName', c.firstName);
      await page.fill('#birthDate', c.birthDate);
    }
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
  const jsGzip = gzipSync(readFileSync(join(WEBSITE_DIR, 'dist', 'app.js')), { level: 9 }).length;
  console.log(`checks: ${times.map((t) => t.toFixed(1)).join(' ')}`);
  console.log(`web: check_p50_ms=${Math.round(rank(0.5))} check_p95_ms=${Math.round(rank(0.95))} js_kb_gzip=${Math.round(jsGzip / 1024)}`);
} finally {
  await browser.close();
}
