// The translations and formatters on their own (Node, no browser): every language has every
// key with the same placeholders, locales resolve with an English fallback, and money, dates
// and countdowns format as people expect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogues, resolveLocale, translator, fillText } from '../src/i18n/index.js';
import { formatMoney, formatCountdown, isLocalMidnight, deadlinePhrase, formatIsoDuration, currencyDigits } from '../src/format.js';

const placeholders = (text) => [...text.matchAll(/\{([a-zA-Z_]+)\}/g)].map((m) => m[1]).sort();
const normalize = (text) => text.replace(/\s+/g, ' ');

test('every language has every key, with the same placeholders, and nothing left in English by mistake', () => {
  const english = catalogues.en;
  assert.deepEqual(Object.keys(catalogues).sort(), ['de', 'en', 'es', 'fr', 'nl']);
  for (const [language, catalogue] of Object.entries(catalogues)) {
    assert.deepEqual(Object.keys(catalogue).sort(), Object.keys(english).sort(), language);
    for (const [key, text] of Object.entries(catalogue)) {
      assert.deepEqual(placeholders(text), placeholders(english[key]), `${language} ${key}`);
      assert.equal(typeof text, 'string');
      assert.ok(text.length > 0, `${language} ${key} is empty`);
    }
    if (language !== 'en') {
      const same = Object.keys(english).filter((k) => catalogue[k] === english[k] && !/^(event\.stage|portal\.invoiceStatus|portal\.date|severity\.critical|event\.suspension|stage\.notice|access\.read_only|invoice\.open|channel\.sms|portal\.legendReminder)$/.test(k) && english[k].length > 6);
      assert.ok(same.length <= 3, `${language}: untranslated ${same.join(', ')}`);
    }
  }
});

test('locales resolve from attribute, account, browser, then English', () => {
  assert.deepEqual(resolveLocale('nl-BE', 'de-DE'), { language: 'nl', locale: 'nl-BE' });
  assert.deepEqual(resolveLocale(null, 'de-CH'), { language: 'de', locale: 'de-CH' });
  assert.deepEqual(resolveLocale('', 'ja-JP', 'fr-CA'), { language: 'fr', locale: 'fr-CA' });
  assert.deepEqual(resolveLocale('ja-JP'), { language: 'en', locale: 'en' });
  assert.deepEqual(resolveLocale('not a locale!!', 'es'), { language: 'es', locale: 'es' });
  assert.deepEqual(resolveLocale(), { language: 'en', locale: 'en' });
});

test('translator: fallback to English, then to the given text', () => {
  const t = translator('nl');
  assert.equal(t('action.pay_invoice'), 'Nu betalen');
  assert.equal(t('stage.some_custom_stage', {}, 'some_custom_stage'), 'some_custom_stage');
  assert.equal(t('portal.payInvoice', { id: '<b>x</b>' }), 'Factuur <b>x</b> betalen');
  assert.equal(fillText('{a} and {b}', { a: 1 }), '1 and {b}');
});

test('money in minor units, with each currency\'s own digits and no floating point', () => {
  assert.equal(currencyDigits('EUR'), 2);
  assert.equal(currencyDigits('JPY'), 0);
  assert.equal(currencyDigits('KWD'), 3);
  assert.equal(normalize(formatMoney('en', 4900, 'EUR')), '€49.00');
  assert.equal(normalize(formatMoney('nl', 4900, 'EUR')), '€ 49,00');
  assert.equal(normalize(formatMoney('de', 9900, 'EUR')), '99,00 €');
  assert.equal(normalize(formatMoney('en', 980, 'JPY')), '¥980');
  assert.equal(normalize(formatMoney('en', 1234, 'KWD')), 'KWD 1.234');
  assert.equal(normalize(formatMoney('en', 5, 'USD')), '$0.05');
  assert.equal(normalize(formatMoney('en', -1999, 'GBP')), '-£19.99');
  // The largest amount the engine accepts: formatted from a decimal string, never a double.
  assert.equal(normalize(formatMoney('en', 999999999999999, 'USD')), '$9,999,999,999,999.99');
});

test('countdown: days and hours, then hours and minutes, then minutes and seconds', () => {
  assert.equal(formatCountdown('en', 4 * 86400 + 3 * 3600 + 59), '4 days 3 hours');
  assert.equal(formatCountdown('en', 7 * 86400), '7 days');
  assert.equal(formatCountdown('en', 86400 + 1800), '1 day');
  assert.equal(formatCountdown('en', 3 * 3600 + 12 * 60 + 30), '3 hours 12 minutes');
  assert.equal(formatCountdown('en', 3599), '59 minutes 59 seconds');
  assert.equal(formatCountdown('en', 61), '1 minute 1 second');
  assert.equal(formatCountdown('en', 60), '1 minute');
  assert.equal(formatCountdown('en', 1), '1 second');
  assert.equal(formatCountdown('en', 0), '0 seconds');
  assert.equal(normalize(formatCountdown('nl', 2 * 86400 + 8 * 3600)), '2 dagen 8 uur');
  assert.equal(normalize(formatCountdown('de', 3 * 86400 + 8 * 3600)), '3 Tage 8 Stunden');
  assert.equal(normalize(formatCountdown('fr', 14 * 86400 + 8 * 3600)), '14 jours 8 heures');
  assert.equal(normalize(formatCountdown('es', 86400 + 3 * 3600)), '1 día 3 horas');
});

test('deadlines: a local midnight reads as the end of the day before, in the account zone, across DST', () => {
  // end_of_day deadlines, Amsterdam: CET (+1) in December, CEST (+2) after 2027-03-28.
  assert.equal(isLocalMidnight('2026-12-14T23:00:00Z', 'Europe/Amsterdam'), true);
  assert.equal(isLocalMidnight('2026-12-14T23:00:00Z', 'Europe/London'), false);
  assert.equal(isLocalMidnight('2027-03-29T22:00:00Z', 'Europe/Amsterdam'), true);
  assert.equal(isLocalMidnight('2026-12-05T18:30:00Z', 'Asia/Kolkata'), true);
  const en = translator('en');
  const nl = translator('nl');
  assert.equal(normalize(deadlinePhrase(en, 'en', '2027-03-29T22:00:00Z', 'Europe/Amsterdam')), 'by the end of March 29, 2027');
  assert.equal(normalize(deadlinePhrase(nl, 'nl', '2026-12-14T23:00:00Z', 'Europe/Amsterdam')), 'uiterlijk 14 december 2026');
  assert.equal(normalize(deadlinePhrase(en, 'en', '2026-12-14T17:00:00Z', 'America/Los_Angeles')), 'before Dec 14, 2026, 9:00 AM');
});

test('ISO durations for people', () => {
  assert.equal(formatIsoDuration('en', 'P14D'), '14 days');
  assert.equal(formatIsoDuration('en', 'P1DT6H'), '1 day 6 hours');
  assert.equal(formatIsoDuration('nl', 'PT12H'), '12 uur');
  assert.equal(formatIsoDuration('en', 'P0D'), '0 days');
});
