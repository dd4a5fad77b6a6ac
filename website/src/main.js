/**
 * The check page: one form for both identity kinds, validation, the "what leaves your browser"
 * panel, results. Everything the visitor types stays in this page's memory; a submission sends
 * Q blinded elements, then Q bucket numbers per dataset derived from the server's answer
 * (lib/client.js). No cookie, no storage, no third-party request.
 *
 * The service's public key is pinned: build.mjs bakes it in as __LEAKCHECK_PINNED_KEY__.
 */
/* global __LEAKCHECK_PINNED_KEY__ */
import { STRINGS, t } from './i18n.js';
import { parseNirIdentity, parseNameDobIdentity, InvalidIdentityError, InvalidIdentitiesError } from './lib/identity.js';
import { LookupClient, NetworkError, HttpError, KeyMismatchError } from './lib/client.js';
import { base64urlEncode, pinnedKey } from './lib/protocol.js';

const PINNED = pinnedKey(__LEAKCHECK_PINNED_KEY__.publicKey, __LEAKCHECK_PINNED_KEY__.keyId);
const KIND_FIELDS = { nir: ['nir'], 'name-dob': ['lastName', 'firstName', 'birthDate'] };
const ALL_FIELDS = Object.values(KIND_FIELDS).flat();
const PREVIEW_DELAY_MS = 200;
const BLANK = /^\s*$/;

const $ = (id) => document.getElementById(id);
const client = new LookupClient({ pinned: PINNED });

const state = {
  lang: new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'fr',
  errors: {}, // field -> rule, for the fields currently flagged
  attempted: false, // validate as the visitor types once they tried to submit
  info: undefined, // undefined: loading, null: failed (infoError says why)
  infoError: null,
  prepared: null, // {key, prepared}: what the next submission sends (shown in the panel); used once
  shown: null, // {elements, buckets}: the values displayed in the panel
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

// ---- datasets (GET /v2/info) ----------------------------------------------------------------

async function loadInfo() {
  try {
    state.info = await client.info();
    state.infoError = null;
  } catch (e) {
    state.info = null;
    state.infoError = e;
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
    status.textContent = tr(state.infoError instanceof KeyMismatchError ? 'datasets.key' : 'datasets.unavailable');
  } else if (state.info.datasets.length === 0) {
    status.textContent = tr('datasets.none');
  }
  const datasets = state.info ? state.info.datasets : [];
  status.hidden = datasets.length > 0;
  list.hidden = datasets.length === 0;
  for (const d of datasets) {
    const item = el('li', {}, el('strong', {}, d.title || d.id));
    if (d.description) item.append(el('span', { class: 'description' }, d.description));
    if (d.patients !== null) item.append(el('span', { class: 'facts' }, tr('datasets.patients', { n: number(d.patients) })));
    list.append(item);
  }
}

// ---- form and validation ----------------------------------------------------------------------

/**
 * The identities of the form, one per kind filled in, or {errors: [{field, rule}]} listing every
 * field at fault. A kind counts as filled when any of its fields holds more than white space.
 */
function readForm() {
  const v = Object.fromEntries(ALL_FIELDS.map((f) => [f, $(f).value]));
  const filled = (kind) => KIND_FIELDS[kind].some((f) => !BLANK.test(v[f]));
  if (!filled('nir') && !filled('name-dob')) return { errors: [{ field: 'nir', rule: 'form.empty' }] };
  const identities = [];
  const errors = [];
  const attempt = (parse) => {
    try {
      identities.push(parse());
    } catch (e) {
      if (e instanceof InvalidIdentityError) errors.push(e);
      else if (e instanceof InvalidIdentitiesError) errors.push(...e.errors);
      else throw e;
    }
  };
  if (filled('nir')) attempt(() => parseNirIdentity(v.nir));
  if (filled('name-dob')) attempt(() => parseNameDobIdentity(v.lastName, v.firstName, v.birthDate));
  return errors.length ? { errors } : { identities };
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
  for (const field of ALL_FIELDS) {
    if (byField[field]) showFieldError(field, byField[field]);
    else clearFieldError(field);
  }
  state.errors = byField;
}

function onInput() {
  if (state.attempted) showErrors(readForm().errors ?? []);
  // The panel is out of date until the preview has blinded what the form now holds.
  $('leaves').setAttribute('aria-busy', 'true');
  schedulePreview();
}

// ---- "what leaves your browser" ----------------------------------------------------------------

const keyOf = (identities) => identities.map((i) => `${i.kind}:${base64urlEncode(i.encoding)}`).join('|');

function schedulePreview() {
  clearTimeout(state.previewTimer);
  state.previewTimer = setTimeout(() => {
    preparePreview().catch(() => {});
  }, PREVIEW_DELAY_MS);
}

/** Blinds the current form (nothing is sent) so the panel shows exactly what a submission sends. */
async function preparePreview() {
  if (state.busy) return; // the submission's own values are on show
  const { identities } = readForm();
  $('leaves').removeAttribute('aria-busy');
  if (!identities || !state.info) {
    state.prepared = null;
    state.shown = null;
    renderPanel();
    return;
  }
  const key = keyOf(identities);
  if (state.prepared?.key !== key) {
    state.prepared = { key, prepared: client.prepareFor(state.info, identities) };
  }
  state.shown = { elements: state.prepared.prepared.slots.map((s) => base64urlEncode(s.blindedElement)), buckets: null };
  renderPanel();
}

function renderPanel() {
  const shown = state.shown;
  $('leaves-waiting').hidden = Boolean(shown);
  $('leaves-values').hidden = !shown;
  const q = state.info?.q ?? 2;
  $('leaves-elements-title').textContent = tr('leaves.elements.title', { q: number(q) });
  $('leaves-buckets-title').textContent = tr('leaves.buckets.title', { q: number(q) });
  if (!shown) return;
  $('leaves-elements').replaceChildren(...shown.elements.map((e) => el('li', {}, el('code', {}, e))));
  $('leaves-buckets-waiting').hidden = Boolean(shown.buckets);
  $('leaves-buckets').hidden = !shown.buckets;
  $('leaves-buckets').replaceChildren(...(shown.buckets ?? []).map(({ dataset, buckets }) => el('li', {
    'data-dataset': dataset.id, 'data-buckets': buckets.join(','),
  }, tr('leaves.buckets.value', {
    dataset: dataset.title || dataset.id,
    buckets: buckets.map(number).join(tr('leaves.buckets.and')),
    n: number(2 ** dataset.bucketBits),
  }))));
}

// ---- the check -------------------------------------------------------------------------------

async function onSubmit(event) {
  event.preventDefault();
  if (state.busy) return;
  state.attempted = true;
  const { identities, errors } = readForm();
  if (errors) {
    showErrors(errors);
    $(ALL_FIELDS.find((f) => state.errors[f])).focus();
    return;
  }
  showErrors([]);
  await check(identities, false);
}

async function check(identities, focusAfter) {
  state.busy = true;
  clearTimeout(state.previewTimer);
  $('submit').setAttribute('aria-disabled', 'true');
  const result = $('result');
  result.setAttribute('aria-busy', 'true');
  result.className = 'result';
  result.replaceChildren(el('p', { class: 'status' }, tr('status.checking')));
  try {
    // Cached by the client: no request, unless the first read failed or a reload made it read
    // /v2/info again during the last submission.
    await loadInfoOrThrow();
    const key = keyOf(identities);
    // A blind is used for one submission only: a retry or a second check gets fresh ones.
    const preview = state.prepared?.prepared;
    const prepared = state.prepared?.key === key && !preview.used && preview.info === state.info
      ? preview : client.prepareFor(state.info, identities);
    state.prepared = null;
    const { verdicts } = await client.run(prepared, {
      onEvaluate: (elements) => {
        // What the form held at the click, so current whatever the preview was doing.
        $('leaves').removeAttribute('aria-busy');
        state.shown = { elements, buckets: null };
        renderPanel();
      },
      onBuckets: (buckets) => {
        state.shown = { ...state.shown, buckets };
        renderPanel();
      },
    });
    // A reload seen during the submission made the client read /v2/info again: show its datasets.
    await loadInfoOrThrow();
    const found = verdicts.some((v) => v.matches.length > 0);
    state.outcome = { type: found ? 'found' : 'notfound', verdicts };
  } catch (e) {
    state.outcome = { type: 'error', error: e, retry: () => check(identities, true) };
  } finally {
    state.busy = false;
    $('submit').removeAttribute('aria-disabled');
    result.removeAttribute('aria-busy');
    // Typed into during the submission: the preview waited for it to end.
    if ($('leaves').hasAttribute('aria-busy')) schedulePreview();
  }
  renderOutcome();
  if (focusAfter) (result.querySelector('button') ?? result).focus();
  else result.scrollIntoView({ block: 'nearest' });
}

async function loadInfoOrThrow() {
  try {
    state.info = await client.info();
    state.infoError = null;
  } catch (e) {
    state.infoError = e;
    throw e;
  } finally {
    renderDatasets();
  }
}

function errorKind(e) {
  if (e instanceof KeyMismatchError) return 'key';
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
  if (o.type === 'error') {
    const kind = errorKind(o.error);
    result.replaceChildren(...renderError(o, kind));
    result.className = `result result-error result-error-${kind}`;
  } else {
    result.replaceChildren(...renderVerdicts(o));
    result.className = `result result-${o.type}`;
  }
}

function renderVerdicts(o) {
  const found = o.type === 'found';
  const nodes = [el('h2', { id: 'result-heading' }, tr(found ? 'found.heading' : 'notfound.heading'))];
  for (const v of o.verdicts) {
    const section = el('section', { class: 'verdict', 'data-identity': v.kind, 'data-verdict': v.matches.length ? 'found' : 'notfound' },
      el('h3', {}, tr(`verdict.${v.kind}`)));
    if (v.matches.length === 0) {
      section.append(el('p', {}, tr('verdict.notfound')));
    } else {
      section.append(el('p', {}, tr('verdict.found', { n: number(v.matches.length) })));
      for (const m of v.matches) section.append(renderMatch(m));
    }
    nodes.push(section);
  }
  if (found) {
    nodes.push(el('h3', {}, tr('todo.heading')));
    nodes.push(el('ul', { class: 'todo' },
      el('li', {}, tr('todo.phishing')),
      el('li', {}, tr('todo.sms')),
      el('li', {}, tr('todo.fraud')),
      el('li', {}, tr('todo.guidance'), el('a', { href: 'https://www.cybermalveillance.gouv.fr/' }, tr('todo.guidance.link'))),
      el('li', {}, tr('todo.rights')),
      el('li', {}, tr('todo.complain'), el('a', { href: 'https://www.cnil.fr/fr/plaintes' }, tr('todo.complain.link'))),
    ));
  } else {
    nodes.push(el('p', {}, tr('notfound.means')), el('p', {}, tr('notfound.notmeans')), el('p', {}, tr('notfound.vigilance')));
  }
  return nodes;
}

function renderMatch(m) {
  const box = el('div', { class: 'match', 'data-dataset': m.datasetId });
  box.append(el('h4', {}, m.dataset.title || tr('found.dataset.unknown', { id: m.datasetId })));
  if (m.dataset.description) box.append(el('p', {}, m.dataset.description));
  if (m.kinds.length) {
    box.append(el('p', {}, tr('found.kinds')));
    box.append(el('ul', { class: 'kinds' }, ...m.kinds.map((k) => el('li', { 'data-kind': k }, tr(`kind.${k}`)))));
  } else {
    box.append(el('p', {}, tr('found.kinds.none')));
  }
  return box;
}

function renderError(o, kind) {
  const retry = el('button', { type: 'button', class: 'button' }, tr('error.retry'));
  retry.addEventListener('click', () => {
    if (!state.busy) o.retry();
  });
  const nodes = [el('h2', { id: 'result-heading' }, tr(kind === 'key' ? 'error.key.heading' : 'error.heading')),
    el('p', {}, tr(`error.${kind}`))];
  const after = o.error instanceof HttpError ? o.error.retryAfterSeconds : null;
  if (kind === 'rate' && after !== null) nodes.push(el('p', {}, tr('error.rate.after', { n: number(after) })));
  nodes.push(el('p', {}, tr('error.nothing')), retry);
  return nodes;
}

// ---- start -----------------------------------------------------------------------------------

function start() {
  $('lang-switch').addEventListener('click', switchLanguage);
  $('check').addEventListener('submit', onSubmit);
  for (const field of ALL_FIELDS) $(field).addEventListener('input', onInput);
  $('result').tabIndex = -1;
  $('pinned-key-id').textContent = PINNED.keyId;
  applyLanguage();
  loadInfo();
}

start();
