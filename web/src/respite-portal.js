// <respite-portal>: the customer's billing page. Status header with live countdown, the grace
// period on a time axis, amount due and invoices (Pay per unpaid invoice), payment method with
// expiry warning, required actions, and payment attempts with decline reasons in plain language.
// Evaluates in the page with the wasm engine (timeline), like <respite-banner>.
import { RespiteElement } from './respite-element.js';
import { portalSheet } from './portal-styles.js';
import { h, severityIcon, svg } from './dom.js';
import {
  countdownFragment, countdownParts, deadlineText, messageFragment, stageLabel, titleText,
} from './messages.js';
import {
  formatCountdown, formatDate, formatDateTime, formatIsoDuration, formatMoney, formatMonth, formatShortDate,
} from './format.js';
import { eventLabel, legend, renderTimelineChart } from './timeline-chart.js';

let instances = 0;

function isUnpaid(invoice) {
  return (invoice.status === 'open' || invoice.status === 'uncollectible')
    && (invoice.amount_due ?? 0) - (invoice.amount_paid ?? 0) > 0;
}

const brands = {
  visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', jcb: 'JCB',
  diners: 'Diners Club', unionpay: 'UnionPay', cartes_bancaires: 'Cartes Bancaires', rupay: 'RuPay', maestro: 'Maestro',
};
function brandName(brand) {
  return brands[brand] ?? String(brand);
}

function monthIndex(yearMonth) {
  const match = /^(\d{4})-(\d{2})$/.exec(yearMonth ?? '');
  return match ? Number(match[1]) * 12 + Number(match[2]) - 1 : null;
}

export class RespitePortal extends RespiteElement {
  static yieldsBeforeFirstRender = true;
  static resultKey = 'timeline';

  #id = `respite-portal-${++instances}`;
  #countdownTime = null;
  #locale = 'en';
  #previous = null; // {accountId, state} of the last render, to notice a recovery
  #recovered = false;
  #resizeObserver = null;
  #chartHost = null;
  #chartWidth = 0;

  constructor() {
    super();
    this.shadowRoot.adoptedStyleSheets = [portalSheet()];
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#resizeObserver?.disconnect();
  }

  compute(engine, policy, account, at) {
    return engine.timeline(policy, account, at);
  }

  boundaryOf(timeline) {
    const status = timeline?.status;
    if (!status) return null;
    const now = Date.parse(timeline.now);
    const candidates = [
      status.countdown?.at, status.retries?.next_at, status.reminders?.next?.at,
      ...(timeline.events ?? []).filter((e) => !e.past).map((e) => e.at),
    ].filter(Boolean).map(Date.parse).filter((ms) => ms > now);
    return candidates.length ? Math.min(...candidates) : null;
  }

  tick(now) {
    const status = this.result?.status;
    if (!this.#countdownTime || !status?.countdown) return;
    const seconds = Math.max(0, Math.ceil((Date.parse(status.countdown.at) - now) / 1000));
    const text = formatCountdown(this.#locale, seconds);
    if (this.#countdownTime.textContent !== text) this.#countdownTime.textContent = text;
  }

  renderEmpty() {
    this.shadowRoot.replaceChildren();
    this.#countdownTime = null;
  }

  renderError(error) {
    const { t } = this.localization;
    const list = (error?.errors ?? []).map((e) => h('li', {}, h('code', {}, String(e.path ?? '')), ' ', String(e.code ?? ''), ': ', String(e.message ?? '')));
    this.shadowRoot.replaceChildren(h('section', { class: 'card error', part: 'error', role: 'alert' },
      h('h2', {}, t('portal.error')),
      list.length ? h('ul', { class: 'muted' }, list) : h('p', { class: 'muted' }, String(error?.message ?? ''))));
    this.#countdownTime = null;
  }

  render(timeline, now) {
    const status = timeline.status;
    const account = this.account;
    const { t, locale } = this.localization;
    this.#locale = locale;
    const zone = this.timeZone;

    if (this.#previous && this.#previous.accountId === status.account_id) {
      if (this.#previous.state !== 'good_standing' && status.state === 'good_standing') this.#recovered = true;
      else if (status.state !== 'good_standing') this.#recovered = false;
    } else {
      this.#recovered = false;
    }
    this.#previous = { accountId: status.account_id, state: status.state };

    this.#chartHost = null;
    const ctx = { t, locale, zone, status, account, timeline, now };
    const portal = h('div', { class: 'portal', part: 'portal', lang: t.language },
      this.#header(ctx),
      status.state === 'good_standing' ? null : this.#timelineCard(ctx),
      h('div', { class: 'layout' },
        h('div', { class: 'stack main' }, this.#invoices(ctx), this.#history(ctx)),
        h('div', { class: 'stack side' }, this.#amountDue(ctx), this.#actions(ctx), this.#paymentMethod(ctx))));
    this.shadowRoot.replaceChildren(portal);
    this.setAttribute('state', status.state);
    this.#observeChart();
  }

  // --- sections -------------------------------------------------------------------------------
  #header({ t, locale, zone, status, account, now }) {
    const good = status.state === 'good_standing';
    const severity = good ? 'ok' : (status.banner?.severity ?? status.stage?.severity ?? 'info');
    const name = account?.name || status.account_id;
    const plan = account?.plan ?? account?.subscription?.plan;
    const stateIcon = good
      ? svg('svg', { viewBox: '0 0 24 24', class: 'icon', 'aria-hidden': 'true' },
        svg('circle', { cx: 12, cy: 12, r: 10.5, fill: 'currentColor' }),
        svg('path', { d: 'M7 12.5l3.2 3.2L17 9', fill: 'none', stroke: '#fff', 'stroke-width': 2.4, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }))
      : severityIcon(severity);

    const badges = h('div', { class: 'badges' },
      h('span', { class: 'badge state', part: 'state-badge', 'data-state': status.state }, t(`state.${status.state}`, {}, status.state)),
      status.stage ? h('span', { class: 'badge', part: 'stage-badge' }, `${t('portal.stage')}: `, h('bdi', {}, stageLabel(t, status.stage.name))) : null,
      h('span', { class: 'badge', part: 'access-badge' }, t(`access.${status.access?.level}`, {}, String(status.access?.level ?? ''))));

    const countdown = good ? null : countdownParts(t, locale, status, this.policy, now);
    const countdownLine = countdown ? h('p', { class: 'countdown', part: 'countdown', 'aria-live': 'off' }, countdownFragment(document, t, countdown)) : null;
    this.#countdownTime = countdownLine?.querySelector('time') ?? null;

    const notes = [];
    if (this.#recovered) notes.push(h('p', { class: 'notice recovered', part: 'recovered', role: 'status' }, t('portal.recovered')));
    if ((status.flags ?? []).includes('repeat_grace')) notes.push(h('p', { class: 'muted', part: 'repeat-grace' }, t('portal.repeatGrace')));
    if (status.grace?.extended_by && status.grace.extended_by !== 'P0D') {
      notes.push(h('p', { class: 'muted' }, t('portal.extended', { duration: formatIsoDuration(locale, status.grace.extended_by) })));
    }
    const disabled = status.access?.disabled_features ?? [];
    if (disabled.length) {
      notes.push(h('div', {}, h('p', {}, t('portal.disabledFeatures', { features: '' }).trim()),
        h('ul', { class: 'chips', part: 'disabled-features' }, disabled.map((f) => h('li', {}, String(f))))));
    }

    return h('section', { class: 'card header', part: 'header', 'data-severity': severity, 'aria-labelledby': `${this.#id}-title` },
      h('div', { class: 'header-top' },
        h('div', {},
          h('h2', { id: `${this.#id}-title` }, t('portal.title')),
          h('p', { class: 'customer', part: 'customer', title: String(name) }, String(name)),
          plan ? h('p', { class: 'muted', part: 'plan' }, String(plan)) : null),
        badges),
      h('div', { class: 'status-line', part: 'status' }, stateIcon,
        h('div', {},
          h('p', { class: 'status-title', part: 'status-title' }, good ? t('portal.allGood') : titleText(t, status)),
          good ? null : h('p', { part: 'message' }, messageFragment(document, t, locale, status, zone)),
          countdownLine)),
      notes);
  }

  #timelineCard({ t, locale, zone, status, timeline }) {
    const figure = h('figure', { class: 'timeline-figure', part: 'timeline' });
    this.#chartHost = { figure, timeline, t, locale, zone };
    const titleId = `${this.#id}-chart`;
    figure.append(renderTimelineChart({ timeline, policy: this.policy, width: this.#chartWidth || 640, t, locale, zone, titleId }));

    // The same events as text, with "now" among them: the chart's accessible twin.
    const items = [];
    const nowMs = Date.parse(timeline.now);
    let nowPlaced = false;
    const nowItem = () => h('li', { class: 'now', part: 'timeline-now' },
      h('time', { datetime: timeline.now }, formatDateTime(locale, nowMs, zone)), h('span', {}, t('portal.now')));
    for (const event of timeline.events ?? []) {
      if (!nowPlaced && Date.parse(event.at) > nowMs) {
        items.push(nowItem());
        nowPlaced = true;
      }
      const detail = event.kind === 'stage' && event.detail ? ` (${t(`access.${event.detail}`, {}, String(event.detail))})` : '';
      items.push(h('li', { class: event.past ? 'past' : 'upcoming', 'data-kind': event.kind },
        h('time', { datetime: event.at }, formatDateTime(locale, Date.parse(event.at), zone)),
        h('span', {}, h('bdi', {}, eventLabel(t, event)), detail)));
    }
    if (!nowPlaced) items.push(nowItem());

    const retries = status.retries ?? {};
    let retryText;
    if (retries.stopped_by) {
      retryText = t('portal.retriesStopped', { reason: t(`reason.${retries.stopped_by}`, {}, String(retries.stopped_by)) });
    } else if (retries.next_at) {
      retryText = t('portal.nextRetry', { when: formatDateTime(locale, Date.parse(retries.next_at), zone), count: retries.remaining ?? 0 });
    } else {
      retryText = t('portal.noRetries');
    }
    const next = status.reminders?.next;
    return h('section', { class: 'card', part: 'timeline-card', 'aria-labelledby': `${this.#id}-tl` },
      h('h3', { id: `${this.#id}-tl` }, t('portal.timeline')),
      figure,
      legend(t),
      h('p', { part: 'retries' }, retryText),
      next ? h('p', { class: 'muted', part: 'next-reminder' }, t('portal.nextReminder', { when: formatDateTime(locale, Date.parse(next.at), zone) })) : null,
      h('ol', { class: 'events', part: 'timeline-events' }, items));
  }

  #amountDue({ t, locale, status, account }) {
    const amounts = status.amounts_due?.length ? status.amounts_due : status.amount_due ? [status.amount_due] : [];
    const currency = account?.subscription?.price?.currency ?? account?.subscriptions?.[0]?.price?.currency ?? account?.invoices?.[0]?.currency ?? 'EUR';
    const shown = amounts.length ? amounts : [{ amount: 0, currency }];
    return h('section', { class: 'card', part: 'amount-due', 'aria-labelledby': `${this.#id}-due` },
      h('h3', { id: `${this.#id}-due` }, t('portal.amountDue')),
      shown.map((a) => h('p', { class: 'amount-due', part: 'amount' }, formatMoney(locale, a.amount, a.currency))),
      status.state !== 'good_standing' && status.banner?.params?.deadline
        ? h('p', { class: 'deadline-note' }, `${t('portal.deadline')}: ${deadlineText(t, locale, status, this.timeZone)}`) : null);
  }

  #actions({ t, locale, zone, status }) {
    const actions = status.required_actions ?? [];
    const items = actions.map((action, index) => {
      const button = h('button', {
        type: 'button', class: index === 0 ? 'primary' : '', part: `action action-${action.type}`, 'data-action': action.type,
      }, t(`action.${action.type}`, {}, action.type));
      button.addEventListener('click', () => this.#fire(action.type, action.invoice_id));
      const specific = `todo.${action.type}.${action.reason}`;
      const text = t.has(specific) ? t(specific) : t(`reason.${action.reason}`, {}, String(action.reason ?? ''));
      return h('li', { 'data-action': action.type },
        h('span', {}, text),
        action.deadline ? h('span', { class: 'deadline-note' }, `${t('portal.deadline')}: ${formatDateTime(locale, Date.parse(action.deadline), zone)}`) : null,
        button);
    });
    return h('section', { class: 'card', part: 'required-actions', 'aria-labelledby': `${this.#id}-act` },
      h('h3', { id: `${this.#id}-act` }, t('portal.requiredActions')),
      items.length ? h('ul', { class: 'actions-list' }, items) : h('p', { class: 'muted' }, t('portal.noActions')));
  }

  #invoices({ t, locale, zone, account, now }) {
    const invoices = [...(account?.invoices ?? [])].sort((a, b) => String(b.due_at).localeCompare(String(a.due_at)));
    const heading = h('h3', { id: `${this.#id}-inv` }, t('portal.invoices'));
    if (!invoices.length) {
      return h('section', { class: 'card', part: 'invoices' }, heading, h('p', { class: 'muted' }, t('portal.noInvoices')));
    }
    const labels = {
      invoice: t('portal.invoice'), period: t('portal.period'), due: t('portal.dueDate'),
      amount: t('portal.amount'), status: t('portal.invoiceStatus'),
    };
    const rows = invoices.map((invoice) => {
      const unpaid = isUnpaid(invoice);
      const overdue = unpaid && Date.parse(invoice.due_at) <= now;
      const statusKey = overdue ? 'overdue' : invoice.status;
      const amount = formatMoney(locale, invoice.amount_due ?? 0, invoice.currency);
      const partly = unpaid && invoice.amount_paid > 0
        ? t('invoice.partly', { paid: formatMoney(locale, invoice.amount_paid, invoice.currency), due: amount }) : null;
      let payCell = '';
      if (unpaid) {
        const button = h('button', {
          type: 'button', class: 'primary', part: 'pay-invoice', 'data-invoice': invoice.id,
          'aria-label': t('portal.payInvoice', { id: invoice.id }),
        }, t('portal.pay'));
        button.addEventListener('click', () => this.#fire('pay_invoice', invoice.id));
        payCell = button;
      }
      const period = invoice.period_start && invoice.period_end
        ? `${formatShortDate(locale, Date.parse(invoice.period_start), zone)} – ${formatDate(locale, Date.parse(invoice.period_end), zone, 'medium')}` : '';
      return h('tr', { 'data-invoice': invoice.id, 'data-status': statusKey },
        h('td', { class: 'id', 'data-label': labels.invoice }, h('span', { class: 'mono' }, String(invoice.id))),
        h('td', { 'data-label': labels.period }, period),
        h('td', { 'data-label': labels.due }, invoice.due_at ? formatDate(locale, Date.parse(invoice.due_at), zone, 'medium') : ''),
        h('td', { class: 'num', 'data-label': labels.amount }, partly ?? amount),
        h('td', { 'data-label': labels.status }, h('span', { class: 'status-pill', 'data-status': statusKey }, t(`invoice.${statusKey}`, {}, String(invoice.status)))),
        h('td', { class: 'num', 'data-label': '' }, payCell));
    });
    return h('section', { class: 'card', part: 'invoices', 'aria-labelledby': `${this.#id}-inv` },
      heading,
      h('table', {},
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, labels.invoice), h('th', { scope: 'col' }, labels.period),
          h('th', { scope: 'col' }, labels.due), h('th', { scope: 'col', class: 'num' }, labels.amount),
          h('th', { scope: 'col' }, labels.status), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('portal.pay'))))),
        h('tbody', {}, rows)));
  }

  #paymentMethod({ t, locale, status, account, now }) {
    const method = account?.payment_method;
    const heading = h('h3', { id: `${this.#id}-pm` }, t('portal.paymentMethod'));
    const button = h('button', { type: 'button', part: 'action action-update_payment_method', 'data-action': 'update_payment_method' }, t('action.update_payment_method'));
    const drivingInvoice = (status.required_actions ?? [])[0]?.invoice_id ?? null;
    button.addEventListener('click', () => this.#fire('update_payment_method', drivingInvoice));
    const lines = [];
    if (!method) {
      lines.push(h('p', { class: 'muted' }, t('portal.noPaymentMethod')));
    } else {
      const type = method.type === 'card' ? t('portal.card') : String(method.type ?? '');
      const brand = method.brand ? brandName(method.brand) : null;
      lines.push(h('p', { part: 'card' }, h('bdi', {}, brand ?? type),
        method.last4 ? h('span', { class: 'mono' }, ' •••• ', h('bdi', {}, String(method.last4))) : null));
      if (method.expires) {
        const month = formatMonth(locale, method.expires);
        const expiry = monthIndex(method.expires);
        const current = new Date(now).getUTCFullYear() * 12 + new Date(now).getUTCMonth();
        if (expiry != null && expiry < current) lines.push(h('p', { class: 'critical-text', part: 'expiry-warning' }, t('portal.expired', { month })));
        else if (expiry != null && expiry <= current + 1) lines.push(h('p', { class: 'warning-text', part: 'expiry-warning' }, t('portal.expiresSoon', { month })));
        else lines.push(h('p', { class: 'muted' }, t('portal.expires', { month })));
      }
    }
    return h('section', { class: 'card', part: 'payment-method', 'aria-labelledby': `${this.#id}-pm` }, heading, lines, button);
  }

  #history({ t, locale, zone, account }) {
    const attempts = [...(account?.payment_attempts ?? [])].sort((a, b) => String(b.at).localeCompare(String(a.at)));
    const heading = h('h3', { id: `${this.#id}-hist` }, t('portal.history'));
    if (!attempts.length) return h('section', { class: 'card', part: 'history' }, heading, h('p', { class: 'muted' }, t('portal.noHistory')));
    const labels = { date: t('portal.date'), invoice: t('portal.invoice'), outcome: t('portal.outcome'), reason: t('portal.reason') };
    const rows = attempts.map((attempt) => {
      const outcome = attempt.outcome === 'failed' || attempt.outcome === 'succeeded' ? attempt.outcome : 'other';
      let reason = '';
      if (attempt.decline_code) {
        reason = t.has(`decline.${attempt.decline_code}`)
          ? t(`decline.${attempt.decline_code}`)
          : t('decline.unknown', { code: String(attempt.decline_code) });
      }
      return h('tr', { 'data-outcome': outcome },
        h('td', { 'data-label': labels.date }, formatDateTime(locale, Date.parse(attempt.at), zone)),
        h('td', { class: 'id', 'data-label': labels.invoice }, h('span', { class: 'mono' }, String(attempt.invoice_id ?? ''))),
        h('td', { 'data-label': labels.outcome }, h('span', { class: 'status-pill', 'data-status': outcome === 'succeeded' ? 'paid' : outcome === 'failed' ? 'overdue' : '' }, t(`outcome.${outcome}`))),
        h('td', { 'data-label': labels.reason }, reason));
    });
    return h('section', { class: 'card', part: 'history', 'aria-labelledby': `${this.#id}-hist` },
      heading,
      h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, labels.date), h('th', { scope: 'col' }, labels.invoice),
          h('th', { scope: 'col' }, labels.outcome), h('th', { scope: 'col' }, labels.reason))),
        h('tbody', {}, rows)));
  }

  // --- chart sizing ---------------------------------------------------------------------------
  #observeChart() {
    if (!this.#chartHost) return;
    if (!this.#resizeObserver) {
      this.#resizeObserver = new ResizeObserver((entries) => {
        const width = Math.round(entries[0].contentRect.width);
        if (width > 0 && Math.abs(width - this.#chartWidth) >= 2) {
          this.#chartWidth = width;
          this.#redrawChart();
        }
      });
    }
    this.#resizeObserver.disconnect();
    if (this.#chartHost.figure.isConnected) this.#resizeObserver.observe(this.#chartHost.figure);
  }

  #redrawChart() {
    const host = this.#chartHost;
    if (!host?.figure.isConnected) return;
    const chart = renderTimelineChart({
      timeline: host.timeline, policy: this.policy, width: this.#chartWidth, t: host.t, locale: host.locale, zone: host.zone,
      titleId: `${this.#id}-chart`,
    });
    host.figure.replaceChildren(chart);
  }

  #fire(type, invoiceId) {
    this.dispatchEvent(new CustomEvent('respite-action', {
      detail: { type, invoiceId: invoiceId ?? null }, bubbles: true, composed: true, cancelable: true,
    }));
  }
}

if (!customElements.get('respite-portal')) customElements.define('respite-portal', RespitePortal);
