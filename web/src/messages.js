// From a respite.status/1 (message keys + parameters) to sentences in the reader's language.
// The core never formats text for people; this is where it happens, for the banner and the portal.
import { h } from './dom.js';
import { deadlinePhrase, formatCountdown, formatMoney } from './format.js';

const builtInMessages = ['grace.info', 'grace.warning', 'grace.critical', 'grace.restricted', 'suspended', 'canceled'];

// The status's message key when we translate it (a policy may name its own), else the default
// the contract derives from state, access and severity.
export function messageKey(status) {
  const key = status.banner?.message;
  if (key && builtInMessages.includes(key)) return key;
  if (status.state === 'canceled') return 'canceled';
  if (status.state === 'suspended' || status.access?.level === 'none') return 'suspended';
  if (status.access?.level === 'read_only') return 'grace.restricted';
  const severity = status.banner?.severity ?? status.stage?.severity ?? 'info';
  return `grace.${severity}`;
}

export function stageLabel(t, name) {
  if (name == null) return '';
  return t.has(`stage.${name}`) ? t(`stage.${name}`) : String(name);
}

// The amount the status asks for, formatted: banner params first, then amount_due.
export function amountText(locale, status) {
  const params = status.banner?.params ?? {};
  const amount = params.amount ?? status.amount_due?.amount;
  const currency = params.currency ?? status.amount_due?.currency;
  if (amount == null || !currency) return null;
  return formatMoney(locale, amount, currency);
}

export function deadlineText(t, locale, status, zone) {
  const deadline = status.banner?.params?.deadline;
  return deadline ? deadlinePhrase(t, locale, deadline, zone) : t('deadline.none');
}

// The message sentence as a fragment, the amount emphasised.
export function messageFragment(doc, t, locale, status, zone) {
  const key = messageKey(status);
  const amount = amountText(locale, status) ?? '';
  const fragment = t.fragment(doc, `message.${key}`, {
    amount: h('strong', { class: 'amount', part: 'amount' }, amount),
    deadline: h('span', { class: 'deadline', part: 'deadline' }, deadlineText(t, locale, status, zone)),
  });
  const hint = hintText(t, status);
  if (hint) fragment.append(doc.createTextNode(' '), h('span', { class: 'hint', part: 'hint' }, hint));
  return fragment;
}

// What the customer must do differently when paying again is not enough: confirm with their
// bank, or bring another card. Soft declines need no hint (the message already says "pay").
export function hintText(t, status) {
  if (status.state === 'canceled') return null;
  const reason = status.required_actions?.[0]?.reason;
  return reason && t.has(`hint.${reason}`) ? t(`hint.${reason}`) : null;
}

export function titleText(t, status) {
  return t(`title.${messageKey(status)}`);
}

// The access level of the stage named `name` in the policy (overrides may bring their own lists).
function stageAccess(policy, name) {
  const lists = [policy?.stages ?? [], ...(policy?.overrides ?? []).map((o) => o.stages ?? [])];
  for (const stages of lists) {
    const stage = stages.find((s) => s.name === name);
    if (stage) return stage.access ?? 'full';
  }
  return 'full';
}

// "Read-only access in 4 days 3 hours": the lead-in for the countdown's target and the duration
// left at `now` (ms), as separate strings so the duration can tick on its own.
export function countdownParts(t, locale, status, policy, now) {
  const countdown = status.countdown;
  if (!countdown) return null;
  const key = countdown.to === 'canceled' ? 'countdown.canceled' : `countdown.${stageAccess(policy, countdown.to)}`;
  const seconds = Math.max(0, Math.ceil((Date.parse(countdown.at) - now) / 1000));
  const duration = formatCountdown(locale, seconds);
  return { key, stage: stageLabel(t, countdown.to), duration, seconds, at: countdown.at };
}

export function countdownFragment(doc, t, parts) {
  return t.fragment(doc, parts.key, {
    stage: h('bdi', {}, parts.stage),
    duration: h('time', { class: 'duration', part: 'duration', datetime: parts.at }, parts.duration),
  });
}
