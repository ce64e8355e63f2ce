// The demo page's glue: picks a sample account, moves "now" (time travel), and plays the billing
// system's part when the banner or portal asks for an action (simulated payments). The banner
// and portal do all the billing logic themselves, in the page, with the wasm engine.
// Starting the engine comes first (start-engine.js): the .wasm compiles while the rest sets up.
// <respite-portal> is defined only once the banner is on screen (init, below).
import './start-engine.js';
import '/web/respite-banner.js';

// The sample data is built around this instant; the demo clock starts here and runs forward.
const demoStart = '2026-12-04T15:00:00Z';

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
// The page's elements, looked up once the document is parsed (this script is async: it runs, and
// defines the components and starts the engine, as soon as it has loaded, maybe mid-parse).
let banner;
let portal;
let accountSelect;
let languageSelect;
let log;

let clock = { at: Date.parse(params.get('now') ?? '') || Date.parse(demoStart), setAt: Date.now() };
let currentStatus = null;
let accountId = params.get('account') || 'acct_mueller';
let accountZone = 'UTC';

const demoNow = () => clock.at + (Date.now() - clock.setAt);
const apiPath = (id) => `/api/accounts/${encodeURIComponent(id)}`;

function say(text) {
  log.textContent = text;
}

function setNow(ms) {
  clock = { at: ms, setAt: Date.now() };
  const iso = new Date(ms).toISOString();
  banner.setAttribute('now', iso);
  portal.setAttribute('now', iso);
  renderClock();
}

let utcFormat = null; // built on first use: this script's first task stays short
const zoneFormats = new Map();
function zoneFormat(zone) {
  if (!zoneFormats.has(zone)) {
    let format = null;
    try {
      format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
    } catch {
      format = null;
    }
    zoneFormats.set(zone, format);
  }
  return zoneFormats.get(zone);
}

function renderClock() {
  const now = demoNow();
  utcFormat ??= new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
  $('clock-utc').textContent = `${utcFormat.format(now)} UTC`;
  const local = zoneFormat(accountZone)?.format(now);
  $('clock-local').textContent = local ? `(${local}, ${accountZone})` : '';
}

function selectAccount(id) {
  accountId = id;
  accountSelect.value = id;
  const src = apiPath(id);
  banner.setAttribute('src', src);
  portal.setAttribute('src', src);
  const url = new URL(location.href);
  url.searchParams.set('account', id);
  history.replaceState(null, '', url);
}

function setLanguage(language) {
  for (const element of [banner, portal]) {
    if (language) element.setAttribute('locale', language);
    else element.removeAttribute('locale');
  }
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const result = await response.json();
  if (!response.ok) throw new Error(result.error ?? `HTTP ${response.status}`);
  return result;
}

async function refreshBoth() {
  await Promise.all([banner.refresh(), portal.refresh()]);
}

async function simulatePayment(invoiceId) {
  const at = new Date(demoNow()).toISOString();
  const result = await post(`${apiPath(accountId)}/pay`, {
    at, invoice_id: invoiceId ?? undefined, grace_started_at: currentStatus?.grace?.started_at,
  });
  await refreshBoth();
  return result.paid;
}

// The host app's side of respite-action: here every action ends in a (simulated) payment.
async function handleAction(event) {
  const { type, invoiceId } = event.detail;
  const detail = JSON.stringify(event.detail);
  try {
    if (type === 'pay_invoice') {
      const paid = await simulatePayment(invoiceId);
      say(`respite-action ${detail} → paid ${paid.join(', ') || 'nothing'}`);
    } else if (type === 'update_payment_method') {
      await post(`${apiPath(accountId)}/payment-method`, { at: new Date(demoNow()).toISOString() });
      const paid = await simulatePayment(null);
      say(`respite-action ${detail} → new card on file, retried: paid ${paid.join(', ') || 'nothing'}`);
    } else if (type === 'authenticate_payment') {
      const paid = await simulatePayment(invoiceId);
      say(`respite-action ${detail} → 3-D Secure confirmed, paid ${paid.join(', ') || 'nothing'}`);
    } else {
      say(`respite-action ${detail} → the host app would open a message to billing here`);
    }
  } catch (error) {
    say(`respite-action ${detail} failed: ${error.message}`);
  }
}

function showView(view) {
  $('view-dashboard').hidden = view !== 'dashboard';
  $('view-billing').hidden = view !== 'billing';
  for (const link of document.querySelectorAll('.app-nav a')) {
    if (link.getAttribute('href') === `#${view}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function onStatus(event) {
  if (event.target !== portal && event.target !== banner) return;
  const status = event.detail.status;
  currentStatus = status;
  const app = $('app');
  app.dataset.access = status.access?.level ?? 'full';
  const disabled = new Set(status.access?.disabled_features ?? []);
  $('export-button').disabled = status.access?.level === 'none' || disabled.has('exports');
  $('edit-button').disabled = status.access?.level !== 'full';
  const note = { read_only: 'Read-only mode: changes are switched off until the invoice is paid.', none: 'No access: the account is suspended.' };
  $('access-note').textContent = note[status.access?.level] ?? '';
  $('simulate-payment').disabled = status.state === 'good_standing';
}

// The page's glue, its controls (index.html's template) and the portal wait until the banner has
// shown its first evaluation (or failed to) and the frame that shows it has been produced: the
// elements already have their attributes from the server, and nothing else competes with the
// banner for the main thread. (At most a second, in case the banner shows nothing; no frames
// come in a hidden tab. The fallbacks are scheduler tasks, which a test's paused clock does not
// hold back.)
const later = (resolve, delay) => {
  if (globalThis.scheduler?.postTask) globalThis.scheduler.postTask(resolve, { priority: 'background', delay });
  else setTimeout(resolve, delay);
};
const afterNextFrame = () => new Promise((resolve) => {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
  later(resolve, 100);
});

async function bannerSettled(element) {
  if (element?.getAttribute('src') && !element.result && !element.error) {
    await new Promise((resolve) => {
      for (const type of ['respite-status', 'respite-error']) element.addEventListener(type, resolve, { once: true });
      later(resolve, 1000);
    });
  }
  await afterNextFrame();
}

async function init() {
  if (document.readyState === 'loading') {
    await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
  }
  await bannerSettled($('banner'));
  $('demo-controls').append($('demo-controls-template').content.cloneNode(true));
  [banner, portal, accountSelect, languageSelect, log] = ['banner', 'portal', 'account-select', 'language-select', 'demo-log'].map($);
  document.addEventListener('respite-action', handleAction);
  document.addEventListener('respite-status', onStatus);
  document.addEventListener('respite-error', (event) => say(`respite-error: ${JSON.stringify(event.detail.errors)}`));
  // Now the portal: its upgrade, data fetch and first (heavy) evaluation.
  await import('/web/respite-portal.js');
  // Point the components at the account first: their data fetch runs while the list loads.
  setNow(clock.at);
  if (params.get('lang')) {
    languageSelect.value = params.get('lang');
    setLanguage(params.get('lang'));
  }
  selectAccount(accountId);
  const accounts = await (await fetch('/api/accounts')).json();
  for (const account of accounts) {
    const option = document.createElement('option');
    option.value = account.id;
    option.textContent = account.label;
    accountSelect.append(option);
  }
  if (!accounts.some((a) => a.id === accountId)) accountId = accounts[0]?.id;
  const zones = new Map(accounts.map((a) => [a.id, a.timezone]));
  const names = new Map(accounts.map((a) => [a.id, a.name ?? a.id]));
  const applyAccount = (id) => {
    accountZone = zones.get(id) ?? 'UTC';
    $('user-name').textContent = names.get(id) ?? '';
    selectAccount(id);
    renderClock();
  };

  applyAccount(accountId);

  accountSelect.addEventListener('change', () => applyAccount(accountSelect.value));
  languageSelect.addEventListener('change', () => setLanguage(languageSelect.value));
  for (const button of document.querySelectorAll('[data-shift]')) {
    button.addEventListener('click', () => setNow(demoNow() + Number(button.dataset.shift)));
  }
  $('next-stage').addEventListener('click', () => {
    const at = currentStatus?.countdown?.at;
    if (at) setNow(Date.parse(at) - 10000);
    else say('No stage ahead: nothing to skip to.');
  });
  $('reset-clock').addEventListener('click', () => setNow(Date.parse(demoStart)));
  $('jump-button').addEventListener('click', () => {
    const value = $('jump-input').value;
    const ms = Date.parse(`${value}${value.length === 16 ? ':00' : ''}Z`);
    if (Number.isFinite(ms)) setNow(ms);
    else say('Pick a date and time first.');
  });
  $('simulate-payment').addEventListener('click', async () => {
    try {
      const paid = await simulatePayment(null);
      say(`Simulated payment: paid ${paid.join(', ') || 'nothing (no unpaid invoice)'}`);
    } catch (error) {
      say(`Simulated payment failed: ${error.message}`);
    }
  });
  $('reset-data').addEventListener('click', async () => {
    await post('/api/reset', {});
    await refreshBoth();
    say('Sample data reset.');
  });
  const route = () => showView(location.hash === '#dashboard' || location.hash === '#reports' ? 'dashboard' : 'billing');
  window.addEventListener('hashchange', route);
  route();
  setInterval(renderClock, 1000);
}

init().catch((error) => {
  if (log) say(`Demo failed to start: ${error.message}`);
  else console.error(error);
});
