/**
 * The check page: one form for both identity kinds and the factor (asked only when a served
 * dataset uses one), validation, the "what leaves your browser" panel, the datasets with their
 * notices, results. Everything the visitor types stays in this page's memory; a submission sends
 * Q blinded elements, then Q bucket numbers per served dataset derived from the server's answer
 * (lib/client.js). No cookie, no storage, no third-party request.
 *
 * Every text that comes from the service (titles, descriptions, factor labels, notices) is put in
 * the page with textContent only, in an element with dir="auto" and unicode-bidi: isolate; the
 * only links built from it are https URLs checked with the URL API, and mailto:/tel: links built
 * from checked addresses and numbers.
 *
 * The service's public key is pinned: build.mjs bakes it in as __LEAKCHECK_PINNED_KEY__.
 */
/* global __LEAKCHECK_PINNED_KEY__ */
import { STRINGS, t } from './i18n.js';
import {
  parseNirIdentity, parseNameDobIdentity, canonicalFactor, InvalidIdentityError, InvalidIdentitiesError,
} from './lib/identity.js';
import { LookupClient, NetworkError, HttpError, KeyMismatchError } from './lib/client.js';
import { base64urlEncode, pinnedKey } from './lib/protocol.js';

const PINNED = pinnedKey(__LEAKCHECK_PINNED_KEY__.publicKey, __LEAKCHECK_PINNED_KEY__.keyId);
const KIND_FIELDS = { nir: ['nir'], 'name-dob': ['lastName', 'firstName', 'birthDate'] };
const ALL_FIELDS = [...Object.values(KIND_FIELDS).flat(), 'factor'];
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
  openNotices: new Set(), // ids of the datasets whose notice panel is open (kept across re-renders)
};

const tr = (key, params) => t(state.lang, key, params);
const locale = () => (state.lang === 'en' ? 'en-GB' : 'fr-FR');
const number = (n) => new Intl.NumberFormat(locale()).format(n);
const list = (items) => new Intl.ListFormat(locale(), { type: 'conjunction' }).format(items);
// French writes the first of the month "1er".
const date = (d) => new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: 'UTC' }).formatToParts(d)
  .map((p) => (p.type === 'day' && p.value === '1' && state.lang === 'fr' ? '1er' : p.value)).join('');
// servedUntil is the first instant no longer served: a dataset served until 2027-12-01T00:00Z is
// served through 30 November.
const lastDay = (d) => date(new Date(d.getTime() - 1));

/** Builds an element; children are nodes or strings (strings become text nodes, never HTML). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

/** Text from the service: isolated, its direction from its own content (so bidi controls stay in). */
function userText(tag, text, attrs = {}) {
  const node = el(tag, { dir: 'auto', ...attrs });
  node.classList.add('user-text');
  node.textContent = text;
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
  const served = $('datasets-list');
  const ended = $('ended-list');
  served.replaceChildren();
  ended.replaceChildren();
  if (state.info === undefined) {
    status.textContent = tr('datasets.loading');
  } else if (state.info === null) {
    status.textContent = tr(state.infoError instanceof KeyMismatchError ? 'datasets.key' : 'datasets.unavailable');
  } else if (state.info.datasets.length === 0) {
    status.textContent = tr('datasets.none');
  }
  const datasets = state.info ? state.info.datasets : [];
  const endedDatasets = state.info ? state.info.ended : [];
  status.hidden = datasets.length > 0;
  served.hidden = datasets.length === 0;
  $('ended').hidden = endedDatasets.length === 0;
  for (const d of datasets) {
    const item = el('li', { id: `dataset-${d.id}`, 'data-dataset': d.id, 'data-status': 'served', 'data-disclosure': d.disclosure },
      userText('strong', d.title || d.id, { class: 'title' }));
    if (d.description) item.append(userText('span', d.description, { class: 'description' }));
    if (d.patients !== null) item.append(el('span', { class: 'facts' }, tr('datasets.patients', { n: number(d.patients) })));
    if (d.servedUntil) item.append(el('span', { class: 'facts until' }, tr('datasets.until', { date: lastDay(d.servedUntil) })));
    item.append(policyLine(d));
    item.append(noticePanel(d));
    served.append(item);
  }
  for (const d of endedDatasets) {
    const item = el('li', { id: `dataset-${d.id}`, 'data-dataset': d.id, 'data-status': 'ended' },
      userText('strong', d.title || d.id, { class: 'title' }));
    if (d.description) item.append(userText('span', d.description, { class: 'description' }));
    item.append(el('span', { class: 'facts ended-since' },
      d.servedUntil ? tr('datasets.ended.since', { date: date(d.servedUntil) }) : tr('datasets.ended.heading')));
    item.append(noticePanel(d));
    ended.append(item);
  }
  renderFactorField();
}

/** One line on what a check of this dataset can show, with the factor's label when it uses one. */
function policyLine(d) {
  const line = el('span', { class: 'facts policy' });
  if (d.disclosure === 'open') {
    line.textContent = tr('datasets.policy.open');
  } else {
    line.append(...withLabel(`datasets.policy.${d.disclosure}`, d.factor));
  }
  return line;
}

/**
 * A text of ours with its placeholders filled by nodes (texts from the service, in their own
 * isolated elements) or strings: nothing is ever spliced into markup.
 */
function trNodes(key, params) {
  const template = STRINGS[state.lang][key] ?? STRINGS.fr[key];
  return template.split(/\{(\w+)\}/).map((part, i) => (i % 2 === 0 ? part : params[part] ?? ''));
}

function withLabel(key, factor) {
  return trNodes(key, { label: userText('span', factor.label[state.lang], { class: 'label' }) });
}

/** The dataset panel: the whole notice (controller, what happened and when, ..., contact, DPO). */
function noticePanel(d) {
  const panel = el('details', { class: 'notice-panel', 'data-notice': d.id },
    el('summary', {}, tr('datasets.notice.summary')));
  if (state.openNotices.has(d.id)) panel.open = true;
  panel.addEventListener('toggle', () => {
    if (panel.open) state.openNotices.add(d.id);
    else state.openNotices.delete(d.id);
  });
  const body = el('div', { class: 'notice-body' });
  if (d.exposedKinds?.length) {
    body.append(el('p', {}, tr('datasets.exposed')), kindList(d.exposedKinds, 'exposed'));
  }
  const n = d.notice;
  if (!n) {
    body.append(el('p', {}, tr('notice.none')));
  } else {
    const texts = n[state.lang];
    const dl = el('dl', { class: 'notice-fields' });
    const row = (key, value) => dl.append(el('dt', {}, tr(key)), value);
    row('notice.controller', userText('dd', n.controller, { 'data-field': 'controller' }));
    for (const field of ['whatHappened', 'when', 'consequences', 'measures', 'whatToDo']) {
      row(`notice.${field}`, userText('dd', texts[field], { 'data-field': field }));
    }
    row('notice.contact', el('dd', { 'data-field': 'contact' }, channel(n.contact)));
    row('notice.dpo', el('dd', { 'data-field': 'dpo' }, channel(n.dpo)));
    body.append(dl);
  }
  panel.append(body);
  return panel;
}

/** The exposure kinds in plain words: the person's own (data-kind), or the dataset's (data-exposed). */
function kindList(kinds, cls = 'kinds') {
  const attr = cls === 'kinds' ? 'data-kind' : 'data-exposed';
  return el('ul', { class: cls }, ...kinds.map((k) => el('li', { [attr]: k }, tr(`kind.${k}`))));
}

/**
 * A contact point: its name, then a link for each channel that passes the checks below, the
 * channel's text shown as is otherwise. Nothing from the notice becomes markup or a script URL.
 */
function channel(c) {
  const box = el('div', { class: 'channel' }, userText('p', c.name, { class: 'channel-name' }));
  const line = (key, node) => box.append(el('p', { class: `channel-${key}` }, tr(`notice.${key}`), ' ', node));
  if (c.url) line('url', link(httpsUrl(c.url), c.url));
  if (c.email) line('email', link(mailtoUrl(c.email), c.email));
  if (c.phone) line('phone', link(telUrl(c.phone), c.phone));
  return box;
}

/** An <a> to `href` when it is not null, showing `text`; plain isolated text otherwise. */
function link(href, text) {
  if (href === null) return userText('span', text, { class: 'unlinked' });
  const a = userText('a', text, { rel: 'noreferrer' });
  a.href = href;
  return a;
}

/** The URL when it is https with a host and no user name or password in it; null otherwise. */
function httpsUrl(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || !url.hostname || url.username || url.password) return null;
  return url.href;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** mailto: with both parts percent-encoded, so the address cannot add headers or a body. */
function mailtoUrl(raw) {
  if (!EMAIL.test(raw)) return null;
  const at = raw.lastIndexOf('@');
  const href = `mailto:${encodeURIComponent(raw.slice(0, at))}@${encodeURIComponent(raw.slice(at + 1))}`;
  try {
    return new URL(href).protocol === 'mailto:' ? href : null;
  } catch {
    return null;
  }
}

/** tel: with the digits (and a leading +) only, when there are 6 to 20 of them. */
function telUrl(raw) {
  if (!/^\+?[0-9 .\-()]+$/.test(raw)) return null;
  const digits = raw.replace(/[^0-9+]/g, '');
  return /^\+?[0-9]{6,20}$/.test(digits) ? `tel:${digits}` : null;
}

/**
 * Shows the factor field when a served dataset uses a factor: one label when they all use the
 * same one, otherwise a generic label and each dataset's label listed as the hint.
 */
function renderFactorField() {
  const factorDatasets = (state.info?.datasets ?? []).filter((d) => d.factor);
  $('fields-factor').hidden = factorDatasets.length === 0;
  if (factorDatasets.length === 0) return;
  const labels = [...new Set(factorDatasets.map((d) => d.factor.label[state.lang]))];
  const label = $('factor-label');
  const hint = $('factor-hint');
  if (labels.length === 1) {
    label.replaceChildren(userText('span', labels[0]), ' ', el('span', { class: 'optional' }, tr('factor.optional')));
    const h = factorDatasets.map((x) => x.factor.hint[state.lang]).find((x) => x);
    hint.replaceChildren(...(h ? [userText('p', h)] : []));
  } else {
    label.textContent = tr('factor.label.several');
    hint.replaceChildren(el('p', {}, tr('factor.hint.several')), el('ul', {}, ...factorDatasets.map((d) => {
      const h = d.factor.hint[state.lang];
      return el('li', { 'data-dataset': d.id },
        ...trNodes('factor.hint.item', { dataset: userText('span', d.title || d.id), label: userText('span', d.factor.label[state.lang]) }),
        ...(h ? [' — ', userText('span', h)] : []));
    })));
  }
}

// ---- form and validation ----------------------------------------------------------------------

/**
 * The identities of the form, one per kind filled in, and the canonical factor (null when its field
 * is hidden or blank), or {errors: [{field, rule}]} listing every field at fault. A kind counts as
 * filled when any of its fields holds more than white space; the factor alone is not a check.
 */
function readForm() {
  const v = Object.fromEntries(ALL_FIELDS.map((f) => [f, $(f).value]));
  const filled = (kind) => KIND_FIELDS[kind].some((f) => !BLANK.test(v[f]));
  const identities = [];
  const errors = [];
  let factor = null;
  if (!$('fields-factor').hidden && !BLANK.test(v.factor)) {
    try {
      factor = canonicalFactor(v.factor);
    } catch (e) {
      if (!(e instanceof InvalidIdentityError)) throw e;
      errors.push(e);
    }
  }
  if (!filled('nir') && !filled('name-dob')) return { errors: [{ field: 'nir', rule: 'form.empty' }, ...errors] };
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
  return errors.length ? { errors } : { identities, factor };
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
  input.setAttribute('aria-describedby', `${describedBy(input)} ${field}-error`);
  input.closest('.field').classList.add('has-error');
}

const describedBy = (input) => input.dataset.describedby ?? `${input.id}-hint`;

function clearFieldError(field) {
  const input = $(field);
  $(`${field}-error`).hidden = true;
  $(`${field}-error`).replaceChildren();
  input.removeAttribute('aria-invalid');
  input.setAttribute('aria-describedby', describedBy(input));
  input.closest('.field').classList.remove('has-error');
}

function showErrors(errors) {
  const byField = {};
  for (const e of errors) byField[e.field] ??= e.rule;
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

// Compares two forms' contents in memory only: this key is never sent or stored.
const keyOf = (identities, factor) => [...identities.map((i) => `${i.kind}:${base64urlEncode(i.encoding)}`), `factor:${factor ?? ''}`].join('|');

function schedulePreview() {
  clearTimeout(state.previewTimer);
  state.previewTimer = setTimeout(() => {
    preparePreview().catch(() => {});
  }, PREVIEW_DELAY_MS);
}

/** Blinds the current form (nothing is sent) so the panel shows exactly what a submission sends. */
async function preparePreview() {
  if (state.busy) return; // the submission's own values are on show
  const { identities, factor } = readForm();
  $('leaves').removeAttribute('aria-busy');
  if (!identities || !state.info) {
    state.prepared = null;
    state.shown = null;
    renderPanel();
    return;
  }
  const key = keyOf(identities, factor);
  if (state.prepared?.key !== key || state.prepared.prepared.info !== state.info) {
    state.prepared = { key, prepared: client.prepareFor(state.info, identities, factor) };
  }
  state.shown = { elements: state.prepared.prepared.slots.map((s) => base64urlEncode(s.blindedElement)), buckets: null };
  renderPanel();
}

function renderPanel() {
  const shown = state.shown;
  $('leaves-waiting').hidden = Boolean(shown);
  $('leaves-values').hidden = !shown;
  const q = state.info?.q ?? 4;
  $('leaves-elements-title').textContent = tr('leaves.elements.title', { q: number(q) });
  $('leaves-buckets-title').textContent = tr('leaves.buckets.title', { q: number(q) });
  if (!shown) return;
  $('leaves-elements').replaceChildren(...shown.elements.map((e) => el('li', {}, el('code', {}, e))));
  $('leaves-buckets-waiting').hidden = Boolean(shown.buckets);
  $('leaves-buckets').hidden = !shown.buckets;
  $('leaves-buckets').replaceChildren(...(shown.buckets ?? []).map(({ dataset, buckets }) => el('li', {
    'data-dataset': dataset.id, 'data-buckets': buckets.join(','),
  }, ...trNodes('leaves.buckets.value', {
    dataset: userText('span', dataset.title || dataset.id),
    buckets: list(buckets.map(number)),
    n: number(2 ** dataset.bucketBits),
  }))));
}

// ---- the check -------------------------------------------------------------------------------

async function onSubmit(event) {
  event.preventDefault();
  if (state.busy) return;
  state.attempted = true;
  const { identities, factor, errors } = readForm();
  if (errors) {
    showErrors(errors);
    $(ALL_FIELDS.find((f) => state.errors[f])).focus();
    return;
  }
  showErrors([]);
  await check(identities, factor, false);
}

async function check(identities, factor, focusAfter) {
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
    const key = keyOf(identities, factor);
    // A blind is used for one submission only: a retry or a second check gets fresh ones.
    const preview = state.prepared?.prepared;
    const prepared = state.prepared?.key === key && !preview.used && preview.info === state.info
      ? preview : client.prepareFor(state.info, identities, factor);
    state.prepared = null;
    const { verdicts, datasets } = await client.run(prepared, {
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
    // withFactor: a factor was typed and sent (the client drops it when no served dataset uses one).
    state.outcome = { type: found ? 'found' : 'notfound', verdicts, datasets, withFactor: factor !== null && prepared.info.usesFactor };
  } catch (e) {
    state.outcome = { type: 'error', error: e, retry: () => check(identities, factor, true) };
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
  // The evaluate function's daily cap per connection (rule rate.daily): waiting minutes won't help.
  if (e instanceof HttpError && e.status === 429 && e.rule === 'rate.daily') return 'rate-daily';
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
    nodes.push(el('p', {}, tr('notfound.means')));
    // Without a factor a gated dataset cannot find anyone: say so, rather than let "not found" mislead.
    if (!o.withFactor) {
      for (const d of o.datasets.filter((x) => x.disclosure === 'gated')) {
        nodes.push(el('p', { class: 'gated-note', 'data-dataset': d.id },
          ...trNodes('notfound.gated', { dataset: userText('span', d.title || d.id), label: userText('span', d.factor.label[state.lang]) })));
      }
    }
    nodes.push(el('p', {}, tr('notfound.notmeans')), el('p', {}, tr('notfound.vigilance')));
  }
  return nodes;
}

/**
 * One dataset a kind was found in: the kinds of data (or, without the right factor, that the
 * details need it, and what the leak contained overall), then the notice's measures and contact
 * point, and a link to the whole notice.
 */
function renderMatch(m) {
  const d = m.dataset;
  const box = el('div', { class: 'match', 'data-dataset': m.datasetId, 'data-access': m.access });
  box.append(userText('h4', d?.title || tr('found.dataset.unknown', { id: m.datasetId })));
  if (d?.description) box.append(userText('p', d.description, { class: 'description' }));
  if (m.access === 'kinds') {
    if (m.kinds.length) box.append(el('p', {}, tr('found.kinds')), kindList(m.kinds));
    else box.append(el('p', {}, tr('found.kinds.none')));
  } else {
    box.append(el('p', { class: 'factor-note' }, ...withLabel(`verdict.${m.access}`, d.factor)));
    if (d.exposedKinds.length) box.append(el('p', {}, tr('found.exposed.dataset')), kindList(d.exposedKinds, 'exposed'));
  }
  const n = d?.notice;
  if (n) {
    const summary = el('div', { class: 'notice-summary' });
    if (n[state.lang].measures) {
      summary.append(el('p', { class: 'notice-label' }, tr('found.measures')), userText('p', n[state.lang].measures, { 'data-field': 'measures' }));
    }
    summary.append(el('p', { class: 'notice-label' }, tr('found.contact')), el('div', { 'data-field': 'contact' }, channel(n.contact)));
    const more = el('a', { href: `#dataset-${m.datasetId}`, class: 'notice-link' }, tr('found.notice.link'));
    more.addEventListener('click', () => {
      const panel = document.querySelector(`#dataset-${CSS.escape(m.datasetId)} details`);
      if (panel) panel.open = true;
    });
    summary.append(el('p', {}, more));
    box.append(summary);
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
