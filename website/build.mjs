// Builds the check page: index.html with the French text filled in, app.js (one ES module with
// @noble/curves and @noble/hashes bundled in, and the service's public key baked in), app.css and
// the favicon. Nothing is loaded from elsewhere at run time; the output is a self-contained
// static site.
//
//   node build.mjs --public-key FILE [--out DIR]
//
//   --public-key FILE  the public-key file of docs/protocol.md §4.4, as `leakcheck loader keygen
//                      --out K.json` writes it beside the key (K.pub.json):
//                        {"keyId": "<16 hex>", "suite": "P256-SHA256", "mode": "VOPRF",
//                         "publicKey": "<base64url, 33 bytes>"}
//                      It is checked (exactly these fields, a valid P-256 point, keyId = the first
//                      8 bytes of SHA-256 of the point, in hex) and pinned: the page refuses a
//                      service that announces another key, or answers without a proof under it.
//                      Required: there is no default key.
//   --out DIR          where to write the site (default: website/dist). Only the files of the
//                      site are replaced; the folder is created if needed.
//
// Relative paths are resolved against the current directory, so this runs from anywhere. The
// demo (`./leakcheck demo`) builds its own site after keygen and serves that folder:
//
//   node website/build.mjs --public-key <data-dir>/key.pub.json --out <data-dir>/site
//
// The Maven build and the unit tests use the project's test key (`npm run build:test`, into
// website/target/site), never website/dist, so a site pinned to the test key is never deployed by
// mistake. Exit status: 0 built, 2 bad usage or unusable key file, 1 build failure.
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { STRINGS } from './src/i18n.js';
import { parsePublicKeyFile, PublicKeyFileError } from './src/lib/keyfile.js';

const WEBSITE_DIR = fileURLToPath(new URL('.', import.meta.url));
const OUTPUTS = ['index.html', 'app.js', 'app.js.LEGAL.txt', 'app.css', 'favicon.svg'];

function fail(message) {
  console.error(`build.mjs: ${message}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({ options: { 'public-key': { type: 'string' }, out: { type: 'string' } }, strict: true }).values;
} catch (e) {
  fail(`${e.message}\nusage: node build.mjs --public-key FILE [--out DIR]`);
}
if (!args['public-key']) {
  fail('--public-key FILE is required: the public-key file (K.pub.json) that `leakcheck loader keygen` '
    + 'writes beside the key. The page pins that key; there is no default.\n'
    + 'usage: node build.mjs --public-key FILE [--out DIR]    (tests: npm run build:test)');
}
let pinned;
try {
  pinned = parsePublicKeyFile(await readFile(resolve(args['public-key']), 'utf8'));
} catch (e) {
  if (e instanceof PublicKeyFileError) fail(`${args['public-key']}: ${e.message}`);
  if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR') fail(`${args['public-key']}: cannot read it (${e.code})`);
  throw e;
}
const out = args.out ? resolve(args.out) : join(WEBSITE_DIR, 'dist');

try {
  await mkdir(out, { recursive: true });
  await Promise.all(OUTPUTS.map((f) => rm(join(out, f), { force: true })));

  await build({
    absWorkingDir: WEBSITE_DIR,
    entryPoints: ['src/main.js'],
    outfile: join(out, 'app.js'),
    bundle: true,
    format: 'esm',
    target: ['es2022'],
    minify: true,
    legalComments: 'linked',
    charset: 'utf8',
    logLevel: 'warning',
    define: { __LEAKCHECK_PINNED_KEY__: JSON.stringify({ keyId: pinned.keyId, publicKey: pinned.publicKey }) },
  });
  await build({
    absWorkingDir: WEBSITE_DIR,
    entryPoints: ['src/styles.css'],
    outfile: join(out, 'app.css'),
    bundle: true,
    minify: true,
    logLevel: 'warning',
  });

  for (const lang of Object.keys(STRINGS)) {
    const extra = Object.keys(STRINGS[lang]).filter((k) => !(k in STRINGS.fr));
    const absent = Object.keys(STRINGS.fr).filter((k) => !(k in STRINGS[lang]));
    if (extra.length || absent.length) throw new Error(`${lang} texts differ from fr: ${[...extra, ...absent].join(', ')}`);
  }
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let html = await readFile(join(WEBSITE_DIR, 'src', 'index.html'), 'utf8');
  const missing = [];
  html = html.replace(/(data-i18n="([a-z0-9.-]+)"[^>]*>)(<\/)/gi, (_, open, key, close) => {
    const text = STRINGS.fr[key];
    if (text === undefined) missing.push(key);
    return open + escape(text ?? '') + close;
  });
  if (missing.length) throw new Error(`index.html uses unknown text keys: ${missing.join(', ')}`);
  await writeFile(join(out, 'index.html'), html);
  await copyFile(join(WEBSITE_DIR, 'src', 'favicon.svg'), join(out, 'favicon.svg'));
  console.log(`build.mjs: site pinned to key ${pinned.keyId} written to ${out}`);
} catch (e) {
  console.error(`build.mjs: the build failed: ${e.message}`);
  process.exit(1);
}
