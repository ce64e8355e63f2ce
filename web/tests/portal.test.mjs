// The billing portal: the SVG timeline (stages on a time axis, now, reminder and retry ticks,
// suspension and cancellation), the invoices with Pay per unpaid invoice, the payment method
// with its expiry warning, attempts with decline reasons in plain language, every language,
// and a layout that holds from 360 px up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, newPage, pauseClock, openDemo, portalText, normalize } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

async function chart(page) {
  return page.evaluate(() => {
    const root = document.querySelector('respite-portal').shadowRoot;
    const svg = root.querySelector('svg.timeline-svg');
    const title = svg && root.getElementById(svg.getAttribute('aria-labelledby'));
    const items = [...root.querySelectorAll('.events li')].map((li) => ({ cls: li.className, text: li.textContent.replace(/\s+/g, ' ') }));
    return {
      role: svg?.getAttribute('role'),
      title: title?.textContent,
      bands: [...svg.querySelectorAll('.seg-label')].map((t) => t.textContent),
      reminders: svg.querySelectorAll('path.reminder').length,
      retries: svg.querySelectorAll('circle.retry').length,
      stoppedRetries: svg.querySelectorAll('circle.retry.stopped').length,
      limits: svg.querySelectorAll('line.limit').length,
      now: svg.querySelectorAll('line.now-line').length,
      nowLabel: svg.querySelector('.now-label')?.textContent,
      width: svg.getBoundingClientRect().width,
      figure: root.querySelector('figure').getBoundingClientRect().width,
      items,
    };
  });
}

test('timeline: stages on a time axis, now marked among past and upcoming events, ticks for reminders and retries', async () => {
  const page = await newPage(env);
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_mueller', lang: 'en' });
    const c = await chart(page);
    assert.equal(c.role, 'img');
    assert.equal(normalize(c.title), 'Grace period from Nov 30, 2026, 9:00 AM to Dec 31, 2026, 12:00 AM');
    assert.deepEqual(c.bands, ['Notice', 'Warning', 'Restricted', 'Suspended']);
    assert.equal(c.reminders, 2, 'payment_failed and final_notice');
    assert.equal(c.retries, 4, 'four scheduled retries');
    assert.equal(c.limits, 2, 'suspension and cancellation');
    assert.equal(c.now, 1);
    assert.equal(c.nowLabel, 'Now');
    assert.ok(c.width <= c.figure + 1, 'the chart fits its box');
    const texts = c.items.map((i) => normalize(i.text));
    const nowIndex = c.items.findIndex((i) => i.cls === 'now');
    assert.equal(texts[nowIndex], 'Dec 4, 2026, 4:00 PMNow');
    assert.ok(c.items.slice(0, nowIndex).every((i) => i.cls === 'past'));
    assert.ok(c.items.slice(nowIndex + 1).every((i) => i.cls === 'upcoming'));
    assert.ok(texts.includes('Dec 8, 2026, 12:00 AMRestricted (Read-only access)'), texts.join(' | '));
    assert.ok(texts.includes('Nov 30, 2026, 9:00 AMReminder by email (sent)'));
    assert.ok(texts.includes('Dec 31, 2026, 12:00 AMCancellation'));
    const portal = await portalText(page);
    assert.ok(portal.includes('Next automatic retry Dec 5, 2026, 9:00 AM (2 left).'), portal);
  } finally {
    await page.close();
  }
});

test('a hard decline stops the retries, shown as such', async () => {
  const page = await newPage(env);
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_pinecrest', lang: 'en' });
    const c = await chart(page);
    assert.equal(c.retries, c.stoppedRetries);
    assert.ok(c.retries > 0);
    const portal = await portalText(page);
    assert.ok(portal.includes('Automatic retries have stopped: Your bank refused the card. Please use a different payment method.'));
    assert.ok(c.items.some((i) => normalize(i.text).endsWith('Automatic retry 1 (stopped)')));
  } finally {
    await page.close();
  }
});

test('invoices: Pay only on unpaid ones; amounts, periods and due dates in the account zone', async () => {
  const page = await newPage(env);
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_sakura', lang: 'en' });
    const rows = await page.evaluate(() => [...document.querySelector('respite-portal').shadowRoot.querySelectorAll('[part="invoices"] tbody tr')]
      .map((tr) => ({ id: tr.dataset.invoice, status: tr.dataset.status, cells: [...tr.cells].map((td) => td.textContent.replace(/\s+/g, ' ').trim()), pay: Boolean(tr.querySelector('button')) })));
    assert.deepEqual(rows, [
      { id: 'in_sk_1130', status: 'overdue', cells: ['in_sk_1130', 'Nov 30 – Dec 30, 2026', 'Nov 30, 2026', '¥980', 'Overdue', 'Pay'], pay: true },
      { id: 'in_sk_1030', status: 'paid', cells: ['in_sk_1030', 'Oct 30 – Nov 30, 2026', 'Oct 30, 2026', '¥980', 'Paid', ''], pay: false },
    ]);
    const amount = await portalText(page, '[part="amount-due"]');
    assert.equal(amount, 'Amount due¥980Deadline: before Dec 7, 2026, 12:00 PM');
  } finally {
    await page.close();
  }
});

test('payment method: expiry warning, and declines in plain language in five languages', async () => {
  const expectations = {
    en: ['Billing', 'Payment attempts', 'Expires soon (December 2026). Update it to avoid a failed payment.', 'The bank asked you to confirm the payment (3-D Secure).', 'Mastercard •••• 3220'],
    nl: ['Facturatie', 'Betaalpogingen', 'Verloopt binnenkort (december 2026). Werk hem bij om een mislukte betaling te voorkomen.', 'De bank vroeg je de betaling te bevestigen (3-D Secure).'],
    de: ['Abrechnung', 'Zahlungsversuche', 'Läuft bald ab (Dezember 2026).', 'Die Bank bat Sie, die Zahlung zu bestätigen (3-D Secure).'],
    fr: ['Facturation', 'Tentatives de paiement', 'Expire bientôt (décembre 2026).', 'La banque vous a demandé de confirmer le paiement (3-D Secure).'],
    es: ['Facturación', 'Intentos de pago', 'Caduca pronto (diciembre de 2026).', 'El banco te pidió que confirmaras el pago (3-D Secure).'],
  };
  const page = await newPage(env);
  try {
    await pauseClock(page);
    for (const [lang, fragments] of Object.entries(expectations)) {
      await openDemo(page, env, { account: 'acct_bergblick', lang });
      const portal = await portalText(page);
      for (const fragment of fragments) assert.ok(portal.includes(fragment), `${lang}: ${fragment}`);
      const language = await page.evaluate(() => document.querySelector('respite-portal').shadowRoot.querySelector('.portal').lang);
      assert.equal(language, lang);
    }
  } finally {
    await page.close();
  }
});

test('no horizontal scroll at 360 px for any sample account', async () => {
  const page = await newPage(env, { width: 360, height: 740 });
  try {
    await pauseClock(page);
    const accounts = await (await fetch(new URL('/api/accounts', env.origin))).json();
    for (const { id } of accounts) {
      await openDemo(page, env, { account: id, lang: 'de' });
      const size = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: innerWidth }));
      assert.ok(size.scroll <= size.view, `${id}: ${size.scroll} > ${size.view}`);
    }
  } finally {
    await page.close();
  }
});
