// E2E harness: starts `./leakcheck demo` (the real local stack: dynalite, loaded synthetic
// dataset, the v2 API and this site built pinned to the demo's key), drives Debian's Chromium
// through playwright-core, records every request, runs axe-core and saves screenshots. Never
// downloads a browser.
//
// What it needs from `./leakcheck demo --patients N --port P --data-dir DIR`:
// - a line `ready: http://localhost:P/` on stdout or stderr once the site and the API answer;
// - the site (built with `node website/build.mjs --public-key DIR/<key>.pub.json --out DIR/site`)
//   at `/`, and /v2/info, /v2/evaluate, /v2/buckets/... on the same origin, with the headers of
//   website/security-headers.json;
// - DIR/known-answers.json: {"cases": [{"kind": "nir" | "name-dob", "expected": "present" |
//   "present-variant" | "absent", "nir"} or {..., "lastName", "firstName", "birthDate"}]}, with at
//   least a present NIR, an absent NIR, a present name, a name variant and an absent name;
// - SIGTERM stops it and everything it started;
// - a line `dynalite listening on http://127.0.0.1:N ...` on its standard error, its key in
//   DIR/key.json and its table leakcheck-demo-v2 (cli/DemoCommand.java): the harness loads extra
//   small datasets into the running demo with the loader (addDataset, endDataset).
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { p256_oprf } from '@noble/curves/nist.js';
import { keyIdOf, base64urlEncode } from '../src/lib/protocol.js';

export const WEBSITE_DIR = fileURLToPath(new URL('..', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOT_DIR = process.env.LEAKCHECK_SCREENSHOTS ?? join(WEBSITE_DIR, 'target', 'screenshots');
const CHROMIUM = process.env.LEAKCHECK_CHROMIUM ?? '/usr/bin/chromium';
// The command that honours the demo contract; overridable only to point at another checkout.
const DEMO = process.env.LEAKCHECK_DEMO ?? join(REPO_DIR, 'leakcheck');
const READY_TIMEOUT_MS = Number(process.env.LEAKCHECK_DEMO_TIMEOUT_MS ?? 480_000);
// cli/DemoCommand.java: its table and region.
const DEMO_TABLE = 'leakcheck-demo-v2';
const DEMO_REGION = 'eu-west-3';
// The jar the demo runs (the shim's build output): loader commands run on the very same build,
// and never start a rebuild while the demo serves.
const JAR = process.env.LEAKCHECK_JAR ?? join(REPO_DIR, 'cli', process.env.LEAKCHECK_TARGET ?? 'target', 'leakcheck.jar');
const run = promisify(execFile);

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts the demo with `patients` synthetic patients; resolves once it prints its ready line. */
export async function startDemo(patients) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'leakcheck-e2e-'));
  const child = spawn(DEMO, ['demo', '--patients', String(patients), '--port', String(port), '--data-dir', dataDir], {
    cwd: REPO_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = [];
  let endpoint = null;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo not ready after ${READY_TIMEOUT_MS} ms:\n${log.join('')}`)), READY_TIMEOUT_MS);
    const onData = (chunk) => {
      const text = chunk.toString();
      log.push(text);
      if (log.length > 200) log.shift();
      const listening = /dynalite listening on (http:\/\/[^\s]+)/.exec(text);
      if (listening) endpoint = listening[1];
      if (/ready: http:\/\/localhost:\d+\//.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`demo exited (${code ?? signal}) before ready:\n${log.join('')}`));
    });
  });
  const demo = {
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    knownAnswers() {
      return JSON.parse(readFileSync(join(dataDir, 'known-answers.json'), 'utf8')).cases;
    },
    /** SIGTERM (the demo stops its children), then SIGKILL if it lingers. */
    async stop() {
      if (demo.alive) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(killer);
      }
    },
    cleanUp() {
      rmSync(dataDir, { recursive: true, force: true });
    },
    /** `leakcheck loader ARGS` on the demo's build; rejects with its output when it fails. */
    async loader(...args) {
      try {
        return await run('java', ['-XX:+UseParallelGC', `-Dleakcheck.root=${REPO_DIR}`, '-jar', JAR, 'loader', ...args],
          { cwd: REPO_DIR, maxBuffer: 16 * 1024 * 1024 });
      } catch (e) {
        throw new Error(`loader ${args[0]} failed: ${e.stderr || e.message}`);
      }
    },
    /** The demo's table on its dynalite, for the loader. */
    tableArgs() {
      if (!endpoint) throw new Error('the demo did not say where dynalite listens');
      return ['--table', DEMO_TABLE, '--endpoint', endpoint, '--region', DEMO_REGION];
    },
    /**
     * Generates `patients` synthetic patients with `seed` and loads them into the running demo as
     * dataset `id` under `disclosure`, with `notice` (an object, written to a file) and, unless
     * open, `factorLabel`. Returns the dataset's known answers (the generator's sidecar).
     */
    async addDataset({ id, patients, seed, disclosure, notice, factorLabel, title, description, servedUntil }) {
      const dir = join(dataDir, 'extra', id);
      mkdirSync(dir, { recursive: true });
      const csv = join(dir, 'leak.csv');
      const answers = join(dir, 'known-answers.json');
      writeFileSync(join(dir, 'notice.json'), JSON.stringify(notice));
      await demo.loader('generate', '--records', String(patients), '--seed', String(seed), '--output', csv, '--known-answers', answers);
      const args = ['load', '--input', csv, '--dataset', id, '--key', join(dataDir, 'key.json'), '--title', title,
        '--description', description, '--disclosure', disclosure, '--served-until', servedUntil ?? oneYearAhead(),
        '--notice', join(dir, 'notice.json'), ...demo.tableArgs()];
      if (factorLabel) {
        writeFileSync(join(dir, 'factor-label.json'), JSON.stringify(factorLabel));
        args.push('--factor-label', join(dir, 'factor-label.json'));
      }
      await demo.loader(...args);
      return JSON.parse(readFileSync(answers, 'utf8')).cases;
    },
    /** `leakcheck loader end-dataset`: the dataset is listed as ended from now on, its buckets no longer served. */
    async endDataset(id) {
      await demo.loader('end-dataset', '--dataset', id, ...demo.tableArgs());
    },
    /**
     * Reads /v2/info until `until(info)` holds: the server caches the manifests for up to a minute,
     * so datasets loaded or ended after it started show up within that time.
     */
    async awaitInfo(until, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const info = await (await fetch(`${demo.baseUrl}/v2/info`)).json();
        if (until(info)) return info;
        if (Date.now() > deadline) throw new Error(`/v2/info did not reach the expected state: ${JSON.stringify(info.datasets.map((d) => [d.id, d.status]))}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    },
  };
  try {
    await ready;
  } catch (e) {
    await demo.stop();
    demo.cleanUp();
    throw e;
  }
  return demo;
}

/** YYYY-MM-DD one year from now (UTC). */
export function oneYearAhead() {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

const AXE_SOURCE = readFileSync(join(WEBSITE_DIR, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** axe-core's violations of impact serious or critical on the current page, as readable strings. */
export async function seriousViolations(page) {
  // Evaluated through the DevTools protocol, so the page's CSP (no eval, no inline script) stays on.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.join(', ')}`);
}

let shotNumber = 0;
/** Saves the page as NN-name.png: the full page, or with {fullPage: false} the viewport (very tall pages). */
export async function screenshot(page, name, { fullPage = true } = {}) {
  if (shotNumber === 0) {
    // A new run: the previous run's screenshots go, so the folder shows this run only.
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const f of readdirSync(SCREENSHOT_DIR)) if (/^\d{2}-[a-z0-9-]+\.png$/.test(f)) rmSync(join(SCREENSHOT_DIR, f));
  }
  shotNumber += 1;
  const file = join(SCREENSHOT_DIR, `${String(shotNumber).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/**
 * Builds the site with build.mjs pinned to a fresh random key (not the demo's) and returns its
 * app.js with that key: {app, publicKey, keyId}. Served in place of the demo's app.js, it is the
 * page of a deployment whose key is not the service's.
 */
export async function buildSiteWithAnotherKey() {
  const dir = mkdtempSync(join(tmpdir(), 'leakcheck-e2e-key-'));
  try {
    const { publicKey } = p256_oprf.voprf.generateKeyPair();
    const pub = { keyId: keyIdOf(publicKey), suite: 'P256-SHA256', mode: 'VOPRF', publicKey: base64urlEncode(publicKey) };
    writeFileSync(join(dir, 'other.pub.json'), JSON.stringify(pub));
    await promisify(execFile)('node', [join(WEBSITE_DIR, 'build.mjs'), '--public-key', join(dir, 'other.pub.json'), '--out', join(dir, 'site')]);
    return { app: readFileSync(join(dir, 'site', 'app.js'), 'utf8'), publicKey: pub.publicKey, keyId: pub.keyId };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
