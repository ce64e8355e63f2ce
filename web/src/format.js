// Money, dates and durations through Intl, in the account's locale and time zone. Formatters are
// cached: building an Intl object costs far more than using one.
const cache = new Map();
function cached(kind, locale, options, make) {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let value = cache.get(key);
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value;
}
const numberFormat = (locale, options) =>
  cached('n', locale, options, () => new Intl.NumberFormat(locale, options));
const dateFormat = (locale, options) =>
  cached('d', locale, options, () => new Intl.DateTimeFormat(locale, options));

// Minor-unit digits of a currency as ISO 4217 has them (EUR 2, JPY 0, KWD 3).
export function currencyDigits(currency) {
  try {
    return numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

// Integer minor units → localized money. The amount goes to Intl as a decimal string, so no
// floating-point rounding ever touches it.
export function formatMoney(locale, minor, currency) {
  const digits = currencyDigits(currency);
  const negative = minor < 0;
  let text = String(Math.abs(Math.trunc(minor)));
  if (digits > 0) {
    text = text.padStart(digits + 1, '0');
    text = `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  }
  try {
    return numberFormat(locale, { style: 'currency', currency }).format(`${negative ? '-' : ''}${text}`);
  } catch {
    return `${negative ? '-' : ''}${text} ${currency}`;
  }
}

function zoneOptions(zone, options) {
  return { ...options, timeZone: zone || 'UTC' };
}

export function formatDateTime(locale, instant, zone) {
  return dateFormat(locale, zoneOptions(zone, { dateStyle: 'medium', timeStyle: 'short' })).format(new Date(instant));
}

export function formatDate(locale, instant, zone, style = 'long') {
  return dateFormat(locale, zoneOptions(zone, { dateStyle: style })).format(new Date(instant));
}

export function formatShortDate(locale, instant, zone) {
  return dateFormat(locale, zoneOptions(zone, { day: 'numeric', month: 'short' })).format(new Date(instant));
}

// "March 2027" for a payment method's YYYY-MM expiry.
export function formatMonth(locale, yearMonth) {
  const match = /^(\d{4})-(\d{2})$/.exec(yearMonth ?? '');
  if (!match) return String(yearMonth ?? '');
  const date = Date.UTC(Number(match[1]), Number(match[2]) - 1, 15);
  return dateFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(date));
}

// True when the instant is a local midnight in the zone: an end_of_day deadline, which people
// read as "by the end of" the day before.
export function isLocalMidnight(instant, zone) {
  const parts = dateFormat('en-US', zoneOptions(zone, {
    hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
  })).formatToParts(new Date(instant));
  const get = (type) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return (get('hour') === 0 || get('hour') === 24) && get('minute') === 0 && get('second') === 0;
}

// A deadline as a phrase: "by the end of December 12, 2026" or "before Dec 12, 2026, 3:00 PM".
export function deadlinePhrase(t, locale, instant, zone) {
  const ms = Date.parse(instant);
  if (isLocalMidnight(ms, zone)) return t('deadline.endOfDay', { date: formatDate(locale, ms - 1, zone) });
  return t('deadline.at', { datetime: formatDateTime(locale, ms, zone) });
}

const unitFormat = (locale, unit) =>
  numberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' });

// Whole seconds → "4 days 3 hours", "3 hours 12 minutes", "12 minutes 5 seconds" (seconds only
// in the last hour). A zero second part is left out ("4 days").
export function formatCountdown(locale, seconds) {
  const total = Math.max(0, Math.ceil(seconds));
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  let parts;
  if (days > 0) parts = [[days, 'day'], [hours, 'hour']];
  else if (hours > 0) parts = [[hours, 'hour'], [minutes, 'minute']];
  else if (minutes > 0) parts = [[minutes, 'minute'], [secs, 'second']];
  else parts = [[secs, 'second']];
  return parts
    .filter(([value], index) => index === 0 || value > 0)
    .map(([value, unit]) => unitFormat(locale, unit).format(value))
    .join(' ');
}

// ISO 8601 duration (PnDTnHnMnS) → "14 days", "1 day 6 hours" for people.
export function formatIsoDuration(locale, duration) {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration ?? '');
  if (!match) return String(duration ?? '');
  const units = [[match[1], 'day'], [match[2], 'hour'], [match[3], 'minute'], [match[4], 'second']]
    .filter(([value]) => value && Number(value) > 0)
    .map(([value, unit]) => unitFormat(locale, unit).format(Number(value)));
  return units.length ? units.join(' ') : unitFormat(locale, 'day').format(0);
}

export function toIso(ms) {
  return new Date(ms).toISOString();
}
