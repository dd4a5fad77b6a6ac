// Builds website/dist: index.html with the French text filled in, app.js (one ES module with
// @noble/curves and @noble/hashes bundled in), app.css and the favicon. Nothing is loaded from
// elsewhere at run time; the output is a self-contained static site.
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { STRINGS } from './src/i18n.js';

const out = new URL('./dist/', import.meta.url);
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

await build({
  entryPoints: ['src/main.js'],
  outfile: 'dist/app.js',
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  legalComments: 'linked',
  charset: 'utf8',
  logLevel: 'warning',
});
await build({
  entryPoints: ['src/styles.css'],
  outfile: 'dist/app.css',
  bundle: true,
  minify: true,
  logLevel: 'warning',
});

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
let html = await readFile('src/index.html', 'utf8');
const missing = [];
html = html.replace(/(data-i18n="([a-z0-9.-]+)"[^>]*>)(<\/)/gi, (_, open, key, close) => {
  const text = STRINGS.fr[key];
  if (text === undefined) missing.push(key);
  return open + escape(text ?? '') + close;
});
if (missing.length) throw new Error(`index.html uses unknown text keys: ${missing.join(', ')}`);
await writeFile(new URL('index.html', out), html);
await copyFile('src/favicon.svg', new URL('favicon.svg', out));

for (const lang of Object.keys(STRINGS)) {
  const extra = Object.keys(STRINGS[lang]).filter((k) => !(k in STRINGS.fr));
  const absent = Object.keys(STRINGS.fr).filter((k) => !(k in STRINGS[lang]));
  if (extra.length || absent.length) throw new Error(`${lang} texts differ from fr: ${[...extra, ...absent].join(', ')}`);
}
