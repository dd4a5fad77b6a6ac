/**
 * The check page: form, validation, "what leaves your browser" panel, results.
 * Everything the visitor types stays in this page's memory; only the bucket number and the
 * blinded element are sent (lib/client.js). No cookie, no storage, no third-party request.
 */
import { STRINGS, t } from './i18n.js';
import { parseNirIdentity, parseNameDobIdentity, InvalidIdentityError, InvalidIdentitiesError } from './lib/identity.js';
import { LookupClient, NetworkError, HttpError } from './lib/client.js';
import { base64urlEncode } from './lib/protocol.js';

const FIELDS = { nir: ['nir'], 'name-dob': ['lastName', 'firstName', 'birthDate'] };
const PREVIEW_DELAY_MS = 200;

const $ = (id) => document.getElementById(id);
const client = new LookupClient('');

const state = {
  lang: new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'fr',
  method: 'nir',
  errors: {}, // field -> rule, for the fields currently flagged
  attempted: { nir: false, 'name-dob': false }, // validate as the visitor types once they tried to submit
  info: undefined, // undefined: loading, null: failed
  prepared: null, // {key, prepared}: what the next check sends (shown in the panel); used once
  shown: null, // the values displayed in the panel
  outcome: null, // last result, kept to re-render it in the other language
  busy: false,
  previewTimer: 0,
};

const tr = (key, params) => t(state.lang, key, params);
const number = (n) => new Intl.NumberFormat(state.lang === 'en' ? 'en-GB' : 'fr-FR').format(n);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

// ---- language -------------------------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = tr('page.title');
  for (const node of document.querySelectorAll('[data-i18n]')) {
    node.textContent = tr(node.dataset.i18n);
  }
  const other = state.lang === 'fr' ? 'en' : 'fr';
  const sw = $('lang-switch');
  sw.lang = other;
  sw.hreflang = other;
  sw.href = other === 'en' ? '?lang=en' : '?lang=fr';
  for (const [field, rule] of Object.entries(state.errors)) showFieldError(field, rule);
  renderDatasets();
  renderPanel();
  renderOutcome();
}

function switchLanguage(event) {
  event.preventDefault();
  state.lang = state.lang === 'fr' ? 'en' : 'fr';
  history.replaceState(null, '', state.lang === 'en' ? '?lang=en' : location.pathname);
  applyLanguage();
}

// ---- datasets (GET /v1/info) ----------------------------------------------------------------

async function loadInfo() {
  try {
    state.info = await client.info();
  } catch {
    state.info = null;
  }
  renderDatasets();
  schedulePreview();
}

function renderDatasets() {
  const status = $('datasets-status');
  const list = $('datasets-list');
  list.replaceChildren();
  if (state.info === undefined) {
    status.textContent = tr('datasets.loading');
  } else if (state.info === null) {
    status.textContent = tr('datasets.unavailable');
  } else if (state.info.datasets.size === 0) {
    status.textContent = tr('datasets.none');
  }
  const datasets = state.info ? [...state.info.datasets.values()] : [];
  status.hidden = datasets.length > 0;
  list.hidden = datasets.length === 0;
  for (const d of datasets) {
    const item = el('li', {}, el('strong', {}, String(d.title ?? d.id)));
    const facts = [];
    if (Number.isFinite(d.patients)) facts.push(tr('datasets.patients', { n: number(d.patients) }));
    if (d.description) item.append(el('span', { class: 'description' }, String(d.description)));
    if (facts.length) item.append(el('span', { class: 'facts' }, facts.join(' · ')));
    list.append(item);
  }
}

// ---- form and validation ----------------------------------------------------------------------

function currentValues() {
  return Object.fromEntries(FIELDS[state.method].map((f) => [f, $(f).value]));
}

/** The canonical identity of the form, or {errors: [{field, rule}]}. */
function readIdentity() {
  const v = currentValues();
  try {
    const identity = state.method === 'nir'
      ? parseNirIdentity(v.nir)
      : parseNameDobIdentity(v.lastName, v.firstName, v.birthDate);
    return { identity };
  } catch (e) {
    if (e instanceof InvalidIdentityError) return { errors: [e] };
    if (e instanceof InvalidIdentitiesError) return { errors: e.errors };
    throw e;
  }
}

function ruleKey(field, rule) {
  const specific = `rule.${field}.${rule}`;
  return STRINGS.fr[specific] ? specific : `rule.${rule}`;
}

function showFieldError(field, rule) {
  const input = $(field);
  const error = $(`${field}-error`);
  error.replaceChildren(el('span', { class: 'error-prefix' }, tr('error.prefix')), ' ', tr(ruleKey(field, rule)));
  error.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', `${field}-hint ${field}-error`);
  input.closest('.field').classList.add('has-error');
}

function clearFieldError(field) {
  const input = $(field);
  $(`${field}-error`).hidden = true;
  $(`${field}-error`).replaceChildren();
  input.removeAttribute('aria-invalid');
  input.setAttribute('aria-describedby', `${field}-hint`);
  input.closest('.field').classList.remove('has-error');
}

function showErrors(errors) {
  const byField = Object.fromEntries(errors.map((e) => [e.field, e.rule]));
  for (const field of FIELDS[state.method]) {
    if (byField[field]) showFieldError(field, byField[field]);
    else clearFieldError(field);
  }
  state.errors = byField;
}

function clearAllErrors() {
  for (const field of Object.values(FIELDS).flat()) clearFieldError(field);
  state.errors = {};
}

function selectMethod(method) {
  state.method = method;
  $('fields-nir').hidden = method !== 'nir';
  $('fields-name').hidden = method !== 'name-dob';
  clearAllErrors();
  if (state.attempted[method]) {
    const { errors } = readIdentity();
    if (errors) showErrors(errors);
  }
  schedulePreview();
}

function onInput() {
  if (state.attempted[state.method]) {
    const { errors } = readIdentity();
    showErrors(errors ?? []);
  }
  schedulePreview();
}

// ---- "what leaves your browser" ----------------------------------------------------------------

const keyOf = (identity) => `${identity.kind}:${base64urlEncode(identity.encoding)}`;

function schedulePreview() {
  clearTimeout(state.previewTimer);
  state.previewTimer = setTimeout(() => {
    preparePreview().catch(() => {});
  }, PREVIEW_DELAY_MS);
}

/** Blinds the current identity (nothing is sent) so the panel shows exactly what a check sends. */
async function preparePreview() {
  const { identity } = readIdentity();
  if (!identity || !state.info) {
    if (!state.busy) {
      state.prepared = null;
      state.shown = null;
      renderPanel();
    }
    return null;
  }
  const key = keyOf(identity);
  if (state.prepared?.key !== key) {
    state.prepared = { key, prepared: await client.prepare(identity) };
  }
  state.shown = state.prepared.prepared;
  renderPanel();
  return state.prepared;
}

function renderPanel() {
  const shown = state.shown;
  $('leaves-waiting').hidden = Boolean(shown);
  $('leaves-values').hidden = !shown;
  if (shown) {
    $('leaves-bucket').textContent = tr('leaves.bucket.value', { b: number(shown.bucket), n: number(2 ** shown.bucketBits) });
    $('leaves-element').textContent = base64urlEncode(shown.blindedElement);
  }
}

// ---- the check -------------------------------------------------------------------------------

async function onSubmit(event) {
  event.preventDefault();
  if (state.busy) return;
  state.attempted[state.method] = true;
  const { identity, errors } = readIdentity();
  if (errors) {
    showErrors(errors);
    $(errors[0].field).focus();
    return;
  }
  showErrors([]);
  await check(identity, false);
}

async function check(identity, focusAfter) {
  state.busy = true;
  $('submit').setAttribute('aria-disabled', 'true');
  const result = $('result');
  result.setAttribute('aria-busy', 'true');
  result.replaceChildren(el('p', { class: 'status' }, tr('status.checking')));
  clearTimeout(state.previewTimer);
  try {
    if (!state.info) await loadInfoOrThrow();
    const key = keyOf(identity);
    // A blind is used for one request only: a retry or a second check gets a fresh one.
    const entry = state.prepared?.key === key ? state.prepared : { key, prepared: await client.prepare(identity) };
    state.prepared = null;
    state.shown = entry.prepared;
    renderPanel();
    const { matches } = await client.run(entry.prepared);
    state.outcome = { type: matches.length ? 'found' : 'notfound', matches };
  } catch (e) {
    state.outcome = { type: 'error', kind: errorKind(e), retry: () => check(identity, true) };
  } finally {
    state.busy = false;
    $('submit').removeAttribute('aria-disabled');
    result.removeAttribute('aria-busy');
  }
  renderOutcome();
  if (focusAfter) (result.querySelector('button') ?? result).focus();
  else result.scrollIntoView({ block: 'nearest' });
}

async function loadInfoOrThrow() {
  state.info = await client.info();
  renderDatasets();
}

function errorKind(e) {
  if (e instanceof NetworkError) return 'network';
  if (e instanceof HttpError && e.status === 429) return 'rate';
  if (e instanceof HttpError && e.status >= 500) return 'server';
  return 'protocol';
}

// ---- results ---------------------------------------------------------------------------------

function renderOutcome() {
  const result = $('result');
  const o = state.outcome;
  if (!o) return;
  if (o.type === 'found') result.replaceChildren(...renderFound(o.matches));
  else if (o.type === 'notfound') result.replaceChildren(...renderNotFound());
  else result.replaceChildren(...renderError(o));
  result.className = `result result-${o.type}`;
}

function renderFound(matches) {
  const nodes = [el('h2', { id: 'result-heading' }, tr('found.heading'))];
  for (const m of matches) {
    const dataset = state.info?.datasets.get(m.datasetId);
    const box = el('div', { class: 'match' });
    box.append(el('h3', {}, dataset?.title ? String(dataset.title) : tr('found.dataset.unknown', { id: m.datasetId })));
    if (dataset?.description) box.append(el('p', {}, String(dataset.description)));
    if (m.kinds.length) {
      box.append(el('p', {}, tr('found.kinds')));
      box.append(el('ul', { class: 'kinds' }, ...m.kinds.map((k) => el('li', { 'data-kind': k }, tr(`kind.${k}`)))));
    } else {
      box.append(el('p', {}, tr('found.kinds.none')));
    }
    nodes.push(box);
  }
  nodes.push(el('h3', {}, tr('todo.heading')));
  nodes.push(el('ul', { class: 'todo' },
    el('li', {}, tr('todo.phishing')),
    el('li', {}, tr('todo.sms')),
    el('li', {}, tr('todo.fraud')),
    el('li', {}, tr('todo.guidance'), el('a', { href: 'https://www.cybermalveillance.gouv.fr/' }, tr('todo.guidance.link'))),
    el('li', {}, tr('todo.rights')),
    el('li', {}, tr('todo.complain'), el('a', { href: 'https://www.cnil.fr/fr/plaintes' }, tr('todo.complain.link'))),
  ));
  return nodes;
}

function renderNotFound() {
  return [
    el('h2', { id: 'result-heading' }, tr('notfound.heading')),
    el('p', {}, tr('notfound.means')),
    el('p', {}, tr('notfound.notmeans')),
    el('p', {}, tr('notfound.tryother')),
    el('p', {}, tr('notfound.vigilance')),
  ];
}

function renderError(o) {
  const retry = el('button', { type: 'button', class: 'button' }, tr('error.retry'));
  retry.addEventListener('click', () => {
    if (!state.busy) o.retry();
  });
  return [
    el('h2', { id: 'result-heading' }, tr('error.heading')),
    el('p', {}, tr(`error.${o.kind}`)),
    el('p', {}, tr('error.nothing')),
    retry,
  ];
}

// ---- start -----------------------------------------------------------------------------------

function start() {
  $('lang-switch').addEventListener('click', switchLanguage);
  $('check').addEventListener('submit', onSubmit);
  for (const radio of document.querySelectorAll('input[name="method"]')) {
    radio.addEventListener('change', () => selectMethod(radio.value));
  }
  for (const field of Object.values(FIELDS).flat()) $(field).addEventListener('input', onInput);
  $('result').tabIndex = -1;
  const checked = document.querySelector('input[name="method"]:checked');
  selectMethod(checked ? checked.value : 'nir');
  applyLanguage();
  loadInfo();
}

start();
