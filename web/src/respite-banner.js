// <respite-banner>: the in-app billing banner. Evaluates the account with the wasm engine in the
// page, shows the translated message with amount, deadline and a live countdown, re-evaluates at
// the exact instant the next stage begins, and offers one button per required action.
//
//   <respite-banner src="/api/account" refresh-interval="300" locale="nl" now="…"></respite-banner>
//   banner.setData({ policy, account });             // or the policy / account properties
//   banner.addEventListener('respite-action', (e) => e.detail /* {type, invoiceId} */);
import { RespiteElement } from './respite-element.js';
import { bannerSheet } from './banner-styles.js';
import { closeIcon, h, severityIcon } from './dom.js';
import { countdownFragment, countdownParts, messageFragment, titleText } from './messages.js';
import { formatCountdown } from './format.js';

const storagePrefix = 'respite:dismissed:';

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export class RespiteBanner extends RespiteElement {
  #visibleOnce = false;
  #countdownTime = null;
  #lastLocale = 'en';

  constructor() {
    super();
    this.shadowRoot.adoptedStyleSheets = [bannerSheet()];
  }

  compute(engine, policy, account, at) {
    return engine.evaluate(policy, account, at);
  }

  // The key a dismissal is remembered under: account, stage and the grace period it belongs to,
  // so it returns on the next stage and in the next grace period.
  dismissKey(status = this.result) {
    if (!status?.stage) return null;
    return `${storagePrefix}${status.account_id}|${status.stage.name}|${status.grace?.started_at ?? ''}`;
  }

  isDismissed(status = this.result) {
    const key = this.dismissKey(status);
    return Boolean(key && status.banner?.dismissible && storage()?.getItem(key));
  }

  dismiss() {
    const status = this.result;
    if (!status?.banner?.dismissible) return;
    const key = this.dismissKey(status);
    try {
      storage()?.setItem(key, new Date(this.currentTime()).toISOString());
    } catch {
      // Storage full or blocked: the banner still goes away for this page view.
    }
    this.#clear();
    this.dispatchEvent(new CustomEvent('respite-dismiss', {
      detail: { accountId: status.account_id, stage: status.stage?.name }, bubbles: true, composed: true,
    }));
  }

  #clear() {
    this.shadowRoot.replaceChildren();
    this.#countdownTime = null;
    this.removeAttribute('severity');
    this.toggleAttribute('showing', false);
  }

  renderEmpty() {
    this.#clear();
  }

  renderError() {
    // A banner that cannot evaluate shows nothing rather than something wrong; the
    // respite-error event tells the host why.
    this.#clear();
  }

  render(status, now) {
    const banner = status.banner ?? {};
    if (!banner.show || this.isDismissed(status)) {
      this.#clear();
      this.setAttribute('state', status.state);
      return;
    }
    const { t, locale } = this.localization;
    this.#lastLocale = locale;
    const zone = this.timeZone;
    const severity = ['info', 'warning', 'critical'].includes(banner.severity) ? banner.severity : 'info';

    const countdown = countdownParts(t, locale, status, this.policy, now);
    const countdownLine = countdown
      ? h('p', { class: 'countdown', part: 'countdown', 'aria-live': 'off' }, countdownFragment(document, t, countdown))
      : null;
    this.#countdownTime = countdownLine?.querySelector('time') ?? null;

    const actions = (status.required_actions ?? []).map((action, index) => {
      const button = h('button', {
        type: 'button',
        class: index === 0 ? 'primary' : 'secondary',
        part: `action action-${action.type}${index === 0 ? ' action-primary' : ''}`,
        'data-action': action.type,
      }, t(`action.${action.type}`, {}, action.type));
      button.addEventListener('click', () => this.#fire(action));
      return button;
    });

    const dismissButton = banner.dismissible
      ? h('button', { type: 'button', class: 'dismiss', part: 'dismiss', 'aria-label': t('action.dismiss'), title: t('action.dismiss') }, closeIcon())
      : null;
    dismissButton?.addEventListener('click', () => this.dismiss());

    const container = h('section', {
      class: 'banner', part: `banner ${severity}`, 'data-severity': severity,
      role: severity === 'critical' ? 'alert' : 'status',
      'aria-label': titleText(t, status), lang: t.language,
    },
    severityIcon(severity),
    h('div', { class: 'body', part: 'body' },
      h('p', { class: 'headline' },
        h('span', { class: 'tag', part: 'severity' }, t(`severity.${severity}`)),
        ' ',
        h('strong', { class: 'title', part: 'title' }, titleText(t, status))),
      h('p', { class: 'message', part: 'message' }, messageFragment(document, t, locale, status, zone)),
      countdownLine),
    actions.length ? h('div', { class: 'actions', part: 'actions' }, actions) : null,
    dismissButton);

    this.shadowRoot.replaceChildren(container);
    this.setAttribute('state', status.state);
    this.setAttribute('severity', severity);
    this.toggleAttribute('showing', true);
    if (!this.#visibleOnce) {
      this.#visibleOnce = true;
      performance.mark?.('respite-banner-visible');
    }
  }

  tick(now) {
    const status = this.result;
    if (!this.#countdownTime || !status?.countdown) return;
    const seconds = Math.max(0, Math.ceil((Date.parse(status.countdown.at) - now) / 1000));
    const text = formatCountdown(this.#lastLocale, seconds);
    if (this.#countdownTime.textContent !== text) this.#countdownTime.textContent = text;
  }

  boundaryOf(status) {
    const at = status?.countdown?.at;
    return at ? Date.parse(at) : null;
  }

  #fire(action) {
    this.dispatchEvent(new CustomEvent('respite-action', {
      detail: { type: action.type, invoiceId: action.invoice_id ?? null, reason: action.reason, deadline: action.deadline ?? null },
      bubbles: true, composed: true, cancelable: true,
    }));
  }
}

if (!customElements.get('respite-banner')) customElements.define('respite-banner', RespiteBanner);
