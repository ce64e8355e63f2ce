// What <respite-banner> and <respite-portal> share: their inputs (policy + account as properties,
// a `src` URL returning {policy, account}, or the page's own JSON named by `initial-data`), their
// clock (the page's, or one started at the `now` attribute), the in-page evaluation with the wasm
// engine, and the timers that re-evaluate exactly when the next stage boundary passes and tick the
// countdown every second. Data may come with the server's own evaluation of it (`status` for the
// banner, `timeline` for the portal): while that is in force the element shows it without waiting
// for the engine, which takes over at the next boundary.
import { getEngine } from './engine.js';
import { resolveLocale, translator } from './i18n/index.js';
import { toIso } from './format.js';

const maxTimeout = 2 ** 31 - 1;

// Resolves once the browser has had a chance to paint what the page holds now (the next animation
// frame, then a task), or after a background task `limit` ms later where frames do not come (a
// hidden tab, a test's paused clock).
function afterNextPaint(limit = 50) {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
    if (globalThis.scheduler?.postTask) globalThis.scheduler.postTask(resolve, { priority: 'background', delay: limit });
    else setTimeout(resolve, limit);
  });
}

function parseDocument(value) {
  if (value == null) return null;
  if (typeof value === 'string') return JSON.parse(value);
  return value;
}

const statusOf = (result) => (result?.schema === 'respite.timeline/1' ? result.status : result);

export class RespiteElement extends HTMLElement {
  // A heavy element (the portal) lets the page paint before its first evaluation, so the banner
  // (light, and what the user must see first) reaches the screen without waiting for it.
  static yieldsBeforeFirstRender = false;
  // The member of {policy, account, …} that holds the server's evaluation in this element's form.
  static resultKey = 'status';

  static get observedAttributes() {
    return ['src', 'initial-data', 'locale', 'now', 'frozen', 'refresh-interval'];
  }

  #policy = null;
  #account = null;
  #given = null; // the server's evaluation of #policy and #account, shown while it is in force
  #engine = null;
  #clockBase = null; // {at, setAt}: the `now` attribute's instant, and Date.now() when it was set
  #boundaryTimer = 0;
  #tickTimer = 0;
  #refreshTimer = 0;
  #fetchController = null;
  #generation = 0;
  #connected = false;
  #rendered = false;
  result = null; // the latest evaluation (status, or timeline for the portal)
  error = null; // the latest RespiteError or load error

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
  }

  get policy() { return this.#policy; }
  set policy(value) { this.#policy = parseDocument(value); this.#given = null; this.#schedule(); }
  get account() { return this.#account; }
  set account(value) { this.#account = parseDocument(value); this.#given = null; this.#schedule(); }
  // An engine for this element only (else the page's, from engine.js).
  get engine() { return this.#engine; }
  set engine(value) { this.#engine = value; this.#schedule(); }

  // Sets policy and account in one go (one evaluation instead of two). With them, optionally, the
  // server's evaluation of exactly this data (`status` for the banner, `timeline` for the portal,
  // made with the same engine): shown at once, without the engine, if it is in force at the
  // element's current time (see #inForce); else the engine evaluates as usual.
  setData(data) {
    this.#policy = parseDocument(data.policy);
    this.#account = parseDocument(data.account);
    this.#given = parseDocument(data[this.constructor.resultKey]);
    return this.#schedule();
  }

  connectedCallback() {
    this.#connected = true;
    this.#readNow();
    // The page's own data, on the first connection only: an element moved in the page keeps the
    // data it has since been given (or fetched). It needs no fetch; `src` is then only for
    // refresh() and the interval.
    const initial = this.#policy || this.#account ? null : this.#initialData();
    if (!initial && this.getAttribute('src')) this.refresh();
    // Start loading the engine while the data is on its way (or while the server's status shows).
    if (!this.#engine) getEngine().catch(() => {});
    this.#restartRefreshTimer();
    if (initial) this.setData(initial);
    else this.#schedule();
  }

  disconnectedCallback() {
    this.#connected = false;
    this.#clearTimers();
    clearInterval(this.#refreshTimer);
    this.#fetchController?.abort();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this.#connected || oldValue === newValue) return;
    if (name === 'src') {
      if (newValue) this.refresh();
    } else if (name === 'initial-data') {
      const initial = this.#initialData();
      if (initial) this.setData(initial);
    } else if (name === 'refresh-interval') {
      this.#restartRefreshTimer();
    } else {
      if (name === 'now' || name === 'frozen') this.#readNow();
      this.#schedule();
    }
  }

  // The element's current instant (ms): the page clock, or the `now` attribute running forward
  // from when it was set (frozen there with the `frozen` attribute).
  currentTime() {
    if (!this.#clockBase) return Date.now();
    if (this.hasAttribute('frozen')) return this.#clockBase.at;
    return this.#clockBase.at + (Date.now() - this.#clockBase.setAt);
  }

  // Re-fetches `src`; resolves when the new data has been evaluated and rendered.
  async refresh() {
    const src = this.getAttribute('src');
    if (!src) return this.#schedule();
    this.#fetchController?.abort();
    const controller = new AbortController();
    this.#fetchController = controller;
    try {
      // A plain GET (no custom headers, default cache mode) so a <link rel="preload" as="fetch">
      // of the same URL is reused; freshness is the server's Cache-Control.
      const response = await fetch(new URL(src, document.baseURI), { signal: controller.signal });
      if (!response.ok) throw new Error(`${src}: HTTP ${response.status}`);
      const body = await response.json();
      if (controller.signal.aborted) return undefined;
      performance.mark?.(`${this.localName}-data`);
      this.#policy = body.policy ?? null;
      this.#account = body.account ?? null;
      this.#given = body[this.constructor.resultKey] ?? null;
    } catch (error) {
      if (error.name === 'AbortError') return undefined;
      this.error = error;
      this.#showError(error);
      return undefined;
    }
    return this.#schedule();
  }

  // The language for text and the locale for formats: attribute, then account, then browser.
  get localization() {
    const resolved = resolveLocale(this.getAttribute('locale'), this.#account?.locale,
      ...(typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : []));
    return { ...resolved, t: translator(resolved.language) };
  }

  get timeZone() {
    return this.#account?.timezone || 'UTC';
  }

  // Evaluates now and renders; returns a promise for the rendered result.
  evaluateNow() {
    return this.#schedule();
  }

  // --- for subclasses -------------------------------------------------------------------------
  // compute(engine, policy, account, atIso) → result; render(result); tick(now) → re-render the
  // parts that move each second; boundaryOf(result) → ms of the next instant the evaluation
  // changes, or null; renderError(error); renderEmpty().

  // --- internals ------------------------------------------------------------------------------
  // {policy, account, status?, timeline?} from the <script type="application/json"> whose id the
  // `initial-data` attribute names (a server-rendered page's data: CSP-safe, never executed);
  // null without one. A missing element or broken JSON is reported as a respite-error.
  #initialData() {
    const id = this.getAttribute('initial-data');
    if (!id) return null;
    const script = this.ownerDocument.getElementById(id);
    let data = null;
    try {
      if (!script) throw new Error(`initial-data: no element with id "${id}"`);
      data = JSON.parse(script.textContent);
      if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error('not an object');
    } catch (error) {
      const message = error.message.startsWith('initial-data') ? error.message
        : `initial-data: #${id} is not a JSON object {policy, account} (${error.message})`;
      this.error = new Error(message);
      this.#showError(this.error);
      return null;
    }
    return data;
  }

  // Whether `result` (a status, or a timeline holding one) can stand for the engine's evaluation
  // at `now`: it is of this account (and policy, where the policy has an id), made at or before
  // `now`, and `now` is before its next boundary. Between its evaluated_at and that boundary an
  // evaluation of the same data is the same (what the timers already rely on). A client clock
  // behind the server's (now < evaluated_at) falls back to the engine.
  #inForce(result, now) {
    const status = statusOf(result);
    if (!status || status.schema !== 'respite.status/1' || status.account_id !== this.#account?.id) return false;
    if (this.#policy?.id != null && status.policy_id !== this.#policy.id) return false;
    const boundary = this.boundaryOf(result);
    return Date.parse(status.evaluated_at) <= now && (boundary == null || now < boundary);
  }

  // The engine, or null when loading it failed (reported) or a newer #schedule took over.
  async #engineFor(generation) {
    try {
      const engine = this.#engine ?? (await getEngine());
      return generation === this.#generation && this.#connected ? engine : null;
    } catch (error) {
      // The wasm module failed to load: say so, rather than showing a stale or empty banner.
      if (generation === this.#generation && this.#connected) {
        this.error = error;
        this.#showError(error);
      }
      return null;
    }
  }

  #readNow() {
    const value = this.getAttribute('now');
    const at = value ? Date.parse(value) : NaN;
    this.#clockBase = Number.isFinite(at) ? { at, setAt: Date.now() } : null;
  }

  #restartRefreshTimer() {
    clearInterval(this.#refreshTimer);
    const seconds = Number(this.getAttribute('refresh-interval'));
    if (this.#connected && seconds > 0 && this.getAttribute('src')) {
      this.#refreshTimer = setInterval(() => this.refresh(), seconds * 1000);
    }
  }

  #clearTimers() {
    clearTimeout(this.#boundaryTimer);
    clearTimeout(this.#tickTimer);
    this.#boundaryTimer = 0;
    this.#tickTimer = 0;
  }

  #showError(error) {
    this.#clearTimers();
    this.result = null;
    this.renderError(error);
    this.dispatchEvent(new CustomEvent('respite-error', {
      detail: { errors: error?.errors ?? [{ path: '', code: 'load_failed', message: String(error?.message ?? error) }] },
      bubbles: true, composed: true,
    }));
  }

  async #schedule() {
    const generation = ++this.#generation;
    if (!this.#connected) return undefined;
    // The server's evaluation is used once, for the first render after the data came.
    const given = this.#given;
    this.#given = null;
    if (!this.#policy || !this.#account) {
      this.#clearTimers();
      this.result = null;
      this.renderEmpty();
      return undefined;
    }
    const adoptable = () => given != null && this.#inForce(given, this.currentTime());
    let engine = null;
    if (!adoptable() && !(engine = await this.#engineFor(generation))) return undefined;
    if (this.constructor.yieldsBeforeFirstRender && !this.#rendered) {
      await afterNextPaint();
      if (generation !== this.#generation || !this.#connected) return undefined;
      // A boundary passed during the wait: the engine after all.
      if (!engine && !adoptable() && !(engine = await this.#engineFor(generation))) return undefined;
    }
    this.#rendered = true;
    this.#clearTimers();
    const now = this.currentTime();
    let result = given;
    if (engine) {
      try {
        result = this.compute(engine, this.#policy, this.#account, toIso(now));
      } catch (error) {
        this.error = error;
        this.#showError(error);
        return undefined;
      }
    }
    this.error = null;
    this.result = result;
    this.render(result, now);
    this.dispatchEvent(new CustomEvent('respite-status', {
      detail: { status: statusOf(result) },
      bubbles: true, composed: true,
    }));
    this.#arm(now);
    return result;
  }

  #arm(now) {
    const boundary = this.boundaryOf(this.result);
    if (boundary != null && Number.isFinite(boundary)) {
      const wait = Math.min(Math.max(boundary - now, 0), maxTimeout);
      this.#boundaryTimer = setTimeout(() => this.#onBoundary(boundary), wait);
    }
    this.#tickLoop(boundary);
  }

  #onBoundary(boundary) {
    // Timers can fire early on a moved clock: evaluate only once the boundary has really passed.
    if (this.currentTime() >= boundary) this.#schedule();
    else this.#arm(this.currentTime());
  }

  #tickLoop(boundary) {
    const now = this.currentTime();
    if (boundary != null && now >= boundary) {
      this.#schedule();
      return;
    }
    this.tick(now);
    // Wake when the whole-second count shown next changes.
    const left = boundary != null ? boundary - now : 1000;
    const wait = left % 1000 || 1000;
    clearTimeout(this.#tickTimer);
    this.#tickTimer = setTimeout(() => this.#tickLoop(boundary), wait);
  }
}
