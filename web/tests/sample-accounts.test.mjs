// Every sample account of the demo, at the fixed instant the data is built around
// (2026-12-04T15:00:00Z), in English and Dutch: the banner's stage text, amount, deadline and
// countdown as people read them, formatted for the locale and the account's time zone.
// The expected strings are worked out by hand from the account data and the policy's meaning
// (docs/contract.md), not copied from the engine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, newPage, pauseClock, openDemo, bannerParts, portalText } from './helpers.mjs';

// Deadlines: end_of_day policies move every deadline to the next local midnight, which reads
// "by the end of" the day before; exact policies keep the instant, shown in the account's zone.
const cases = [
  {
    // standard policy, all paid: no banner at all.
    account: 'acct_northwind',
    en: { shown: false, portal: ['Your account is in good standing. Thank you!', '$0.00', 'Expires soon (January 2027)'] },
    nl: { shown: false, portal: ['Je account is in orde. Bedankt!', 'US$ 0,00', 'Verloopt binnenkort (januari 2027)'] },
  },
  {
    // standard, Amsterdam (UTC+1). Due 12-03 09:00Z → notice; warning at +3 d = 12-06 10:00 local
    // → end of day 12-07 00:00 local = 12-06T23:00Z: 2 d 8 h from now. Suspension +14 d → end of 17 Dec.
    account: 'acct_devries',
    en: {
      severity: 'info', tag: 'Notice', title: 'Your last payment did not go through',
      message: 'We could not collect €49.00. Please pay by the end of December 17, 2026 to keep full access.',
      countdown: 'Warning begins in 2 days 8 hours',
      actions: [['pay_invoice', 'Pay now'], ['update_payment_method', 'Update payment method']], dismissible: true,
    },
    nl: {
      severity: 'info', tag: 'Melding', title: 'Je laatste betaling is niet gelukt',
      message: 'We konden € 49,00 niet innen. Betaal uiterlijk 17 december 2026 om volledige toegang te houden.',
      countdown: 'Waarschuwing begint over 2 dagen 8 uur',
      actions: [['pay_invoice', 'Nu betalen'], ['update_payment_method', 'Betaalmethode bijwerken']], dismissible: true,
    },
  },
  {
    // standard, Berlin. Due 11-30 08:00Z → warning since 12-03T23:00Z; read-only at +7 d → 12-07T23:00Z
    // (3 d 8 h); suspension +14 d → end of 14 Dec.
    account: 'acct_mueller',
    en: {
      severity: 'warning', tag: 'Warning', title: 'Payment failed',
      message: '€99.00 is still unpaid. Please pay or update your payment method by the end of December 14, 2026 to keep your account active.',
      countdown: 'Read-only access in 3 days 8 hours',
      actions: [['pay_invoice', 'Pay now'], ['update_payment_method', 'Update payment method']], dismissible: true,
    },
    nl: {
      severity: 'warning', tag: 'Waarschuwing', title: 'Betaling mislukt',
      message: '€ 99,00 is nog niet betaald. Betaal uiterlijk 14 december 2026 of werk je betaalmethode bij om je account actief te houden.',
      countdown: 'Account wordt alleen-lezen over 3 dagen 8 uur',
      actions: [['pay_invoice', 'Nu betalen'], ['update_payment_method', 'Betaalmethode bijwerken']], dismissible: true,
    },
  },
  {
    // standard, London (UTC+0 in December). Due 11-26 10:00Z → read-only since 12-04T00:00Z;
    // suspension +14 d = 12-10 10:00 → 12-11T00:00Z: 6 d 9 h. Critical: an alert, not dismissible.
    account: 'acct_harbourlane',
    en: {
      severity: 'critical', role: 'alert', tag: 'Urgent', title: 'Your account is restricted',
      message: 'Some features are switched off until £19.00 is paid. Pay by the end of December 10, 2026 to avoid suspension.',
      countdown: 'Account suspended in 6 days 9 hours',
      actions: [['pay_invoice', 'Pay now'], ['update_payment_method', 'Update payment method']], dismissible: false,
      portal: ['exports', 'api_write', 'Read-only access'],
    },
    nl: {
      severity: 'critical', role: 'alert', tag: 'Dringend', title: 'Je account is beperkt',
      message: 'Sommige functies staan uit tot £ 19,00 is betaald. Betaal uiterlijk 10 december 2026 om opschorting te voorkomen.',
      countdown: 'Account wordt opgeschort over 6 dagen 9 uur', dismissible: false,
      portal: ['Alleen-lezen'],
    },
  },
  {
    // standard, Paris. Due 11-18 09:00Z → suspended since 12-02T23:00Z; cancellation +30 d =
    // 12-18 10:00 local → 12-18T23:00Z: 14 d 8 h. The deadline is now the cancellation.
    account: 'acct_lumiere',
    en: {
      severity: 'critical', role: 'alert', tag: 'Urgent', title: 'Your account is suspended',
      message: '€29.00 is still unpaid. Pay by the end of December 18, 2026 to restore access and keep your data.',
      countdown: 'Subscription canceled in 14 days 8 hours', dismissible: false,
    },
    nl: {
      severity: 'critical', tag: 'Dringend', title: 'Je account is opgeschort',
      message: '€ 29,00 is nog niet betaald. Betaal uiterlijk 18 december 2026 om weer toegang te krijgen en je gegevens te behouden.',
      countdown: 'Abonnement wordt opgezegd over 14 dagen 8 uur', dismissible: false,
    },
  },
  {
    // strict-b2c (exact). Due 10-20 09:00Z; canceled at +14 d = 11-03: only "contact billing" left.
    account: 'acct_olivo',
    en: {
      severity: 'critical', tag: 'Urgent', title: 'Your subscription has been canceled',
      message: '€15.00 remained unpaid. Contact billing to restore your subscription.',
      countdown: null, actions: [['contact_billing', 'Contact billing']], dismissible: false,
    },
    nl: {
      severity: 'critical', tag: 'Dringend', title: 'Je abonnement is opgezegd',
      message: '€ 15,00 is niet betaald. Neem contact op met de facturatie om je abonnement te herstellen.',
      countdown: null, actions: [['contact_billing', 'Contact met facturatie']], dismissible: false,
    },
  },
  {
    // stripe-default (exact), Los Angeles (UTC−8). Due 11-30 17:00Z, lost card (hard decline):
    // warning since 12-03 17:00Z; past_due at +7 d = 12-07T17:00Z (3 d 2 h); suspension +14 d =
    // 12-14T17:00Z = 9:00 local. One action: a new payment method.
    account: 'acct_pinecrest',
    en: {
      severity: 'warning', tag: 'Warning', title: 'Payment failed',
      message: '$49.00 is still unpaid. Please pay or update your payment method before Dec 14, 2026, 9:00 AM to keep your account active. Your bank refused the card: please use another payment method.',
      countdown: 'Past due begins in 3 days 2 hours',
      actions: [['update_payment_method', 'Update payment method']], dismissible: true,
      portal: ['The card was reported lost.', 'Automatic retries have stopped'],
    },
    nl: {
      severity: 'warning', tag: 'Waarschuwing', title: 'Betaling mislukt',
      message: 'US$ 49,00 is nog niet betaald. Betaal vóór 14 dec 2026, 09:00 of werk je betaalmethode bij om je account actief te houden. Je bank heeft de kaart geweigerd: gebruik een andere betaalmethode.',
      countdown: 'Achterstallig begint over 3 dagen 2 uur',
      actions: [['update_payment_method', 'Betaalmethode bijwerken']], dismissible: true,
      portal: ['De kaart is als verloren gemeld.'],
    },
  },
  {
    // lenient-b2b (end of day), Zurich. Due 12-02 07:00Z, authentication_required: notice;
    // warning at +7 d = 12-09 08:00 local → 12-09T23:00Z (5 d 8 h); suspension +45 d → end of 16 Jan.
    account: 'acct_bergblick',
    en: {
      severity: 'info', tag: 'Notice', title: 'Your last payment did not go through',
      message: 'We could not collect CHF 79.00. Please pay by the end of January 16, 2027 to keep full access. Your bank needs you to confirm the payment (3-D Secure).',
      countdown: 'Warning begins in 5 days 8 hours',
      actions: [['authenticate_payment', 'Confirm payment']], dismissible: true,
      portal: ['The bank asked you to confirm the payment (3-D Secure).', 'Expires soon (December 2026)'],
    },
    nl: {
      severity: 'info', tag: 'Melding', title: 'Je laatste betaling is niet gelukt',
      message: 'We konden CHF 79,00 niet innen. Betaal uiterlijk 16 januari 2027 om volledige toegang te houden. Je bank vraagt je de betaling te bevestigen (3-D Secure).',
      countdown: 'Waarschuwing begint over 5 dagen 8 uur',
      actions: [['authenticate_payment', 'Betaling bevestigen']], dismissible: true,
    },
  },
  {
    // standard, Kolkata (UTC+5:30), two grace periods already this year → shortened to 3 days:
    // read-only at 1.5 d = 12-03 17:30 local → 12-03T18:30Z; suspension at 3 d = 12-05 05:30 local
    // → 12-05T18:30Z: 1 d 3 h 30 min from now.
    account: 'acct_chaicode',
    en: {
      severity: 'critical', tag: 'Urgent', title: 'Your account is restricted',
      message: 'Some features are switched off until ₹999.00 is paid. Pay by the end of December 5, 2026 to avoid suspension.',
      countdown: 'Account suspended in 1 day 3 hours', dismissible: false,
      portal: ['Shortened grace period'],
    },
    nl: {
      severity: 'critical', tag: 'Dringend', title: 'Je account is beperkt',
      message: 'Sommige functies staan uit tot ₹ 999,00 is betaald. Betaal uiterlijk 5 december 2026 om opschorting te voorkomen.',
      countdown: 'Account wordt opgeschort over 1 dag 3 uur', dismissible: false,
      portal: ['Verkorte respijtperiode'],
    },
  },
  {
    // google-play (exact), Tokyo (UTC+9), yen (no minor digits). Due 11-30 03:00Z: grace_period
    // (warning); account hold (no access) at +7 d = 12-07T03:00Z = 12:00 local: 2 d 12 h.
    account: 'acct_sakura',
    en: {
      severity: 'warning', tag: 'Warning', title: 'Payment failed',
      message: '¥980 is still unpaid. Please pay or update your payment method before Dec 7, 2026, 12:00 PM to keep your account active.',
      countdown: 'Account suspended in 2 days 12 hours', dismissible: true,
    },
    nl: {
      severity: 'warning', tag: 'Waarschuwing', title: 'Betaling mislukt',
      message: 'JP¥ 980 is nog niet betaald. Betaal vóór 7 dec 2026, 12:00 of werk je betaalmethode bij om je account actief te houden.',
      countdown: 'Account wordt opgeschort over 2 dagen 12 uur', dismissible: true,
    },
  },
];

// Without a language chosen, each account speaks its own locale (ja-JP falls back to English).
const ownLocale = [
  { account: 'acct_mueller', message: '99,00 € ist noch offen. Bitte bezahlen Sie oder aktualisieren Sie Ihre Zahlungsmethode bis zum 14. Dezember 2026, damit Ihr Konto aktiv bleibt.', countdown: 'Noch 3 Tage 8 Stunden bis zum Nur-Lese-Zugriff' },
  { account: 'acct_harbourlane', message: 'Some features are switched off until £19.00 is paid. Pay by the end of 10 December 2026 to avoid suspension.', countdown: 'Account suspended in 6 days 9 hours' },
  { account: 'acct_lumiere', message: '29,00 € reste impayé. Payez au plus tard le 18 décembre 2026 pour rétablir l’accès et conserver vos données.', countdown: 'Abonnement résilié dans 14 jours 8 heures' },
  { account: 'acct_olivo', message: '15,00 € quedó sin pagar. Contacta con facturación para restablecer tu suscripción.', countdown: null },
  { account: 'acct_sakura', message: '¥980 is still unpaid. Please pay or update your payment method before Dec 7, 2026, 12:00 PM to keep your account active.', countdown: 'Account suspended in 2 days 12 hours' },
];

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

for (const sample of cases) {
  for (const lang of ['en', 'nl']) {
    test(`${sample.account} in ${lang}: stage text, amount, deadline and countdown`, async () => {
      const expected = sample[lang];
      const page = await newPage(env);
      try {
        await pauseClock(page);
        await openDemo(page, env, { account: sample.account, lang });
        const banner = await bannerParts(page);
        assert.equal(banner.shown, expected.shown ?? true, 'banner shown');
        if (banner.shown) {
          for (const key of ['severity', 'role', 'tag', 'title', 'message', 'countdown', 'dismissible']) {
            if (key in expected) assert.equal(banner[key], expected[key], key);
          }
          if (expected.actions) {
            assert.deepEqual(banner.actions.map((a) => [a.type, a.text]), expected.actions, 'actions');
          }
        }
        const portal = await portalText(page);
        for (const fragment of expected.portal ?? []) assert.ok(portal.includes(fragment), `portal shows ${fragment}`);
        if (banner.shown) {
          // The portal's header says the same as the banner.
          assert.ok(portal.includes(expected.message), 'portal repeats the message');
        }
        assert.deepEqual(page.problems, []);
      } finally {
        await page.close();
      }
    });
  }
}

for (const sample of ownLocale) {
  test(`${sample.account} in its own locale`, async () => {
    const page = await newPage(env);
    try {
      await pauseClock(page);
      await openDemo(page, env, { account: sample.account });
      const banner = await bannerParts(page);
      assert.equal(banner.message, sample.message);
      assert.equal(banner.countdown, sample.countdown);
    } finally {
      await page.close();
    }
  });
}
