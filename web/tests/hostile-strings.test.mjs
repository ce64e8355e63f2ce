// Hostile strings in account and policy data — markup with event handlers, quotes, RTL
// overrides, a 10 kB name (display data the engine passes over) — render as inert text, and the
// layout holds from a 375 px phone to a desktop. Data the engine refuses (a 10 kB invoice id)
// ends in an error panel that is just as inert.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, newPage, pauseClock, openDemo, bannerParts, portalText } from './helpers.mjs';

const hostileId = 'acct_</script><img src=x onerror=window.__pwned=5>';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

// Counts what must never appear: elements built from data (img, script, iframe, foreign svg) and
// any on* attribute, across the document and every shadow root.
async function inertness(page) {
  return page.evaluate(() => {
    const roots = [document];
    for (const element of document.querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
    let handlers = 0;
    let injected = 0;
    for (const root of roots) {
      for (const element of root.querySelectorAll('*')) {
        for (const attribute of element.attributes) if (attribute.name.startsWith('on')) handlers += 1;
        if (['img', 'script', 'iframe', 'object', 'embed', 'b', 'u', 'i'].includes(element.localName) && root !== document) injected += 1;
      }
      injected += root.querySelectorAll('svg[onload], img[onerror]').length;
    }
    return { pwned: window.__pwned ?? null, handlers, injected };
  });
}

async function layout(page) {
  return page.evaluate(() => {
    const box = (selector) => {
      const rect = document.querySelector(selector).getBoundingClientRect();
      return { left: rect.left, right: rect.right, width: rect.width, height: rect.height };
    };
    return {
      viewport: window.innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      banner: box('respite-banner'),
      portal: box('respite-portal'),
      header: document.querySelector('respite-portal').shadowRoot.querySelector('.header')?.getBoundingClientRect().height ?? 0,
    };
  });
}

for (const width of [375, 1280]) {
  test(`hostile account data renders inert and the layout holds at ${width} px`, async () => {
    const page = await newPage(env, { width, height: 900 });
    try {
      await pauseClock(page);
      await openDemo(page, env, { account: hostileId, lang: 'en' });
      const banner = await bannerParts(page);
      assert.equal(banner.shown, true);
      // Stage 1 of the hostile policy is named with quotes and an RTL override; read-only
      // (stage 2) begins 7 days after the 2026-12-01T12:00Z due date, exact: 3 d 21 h from now.
      assert.equal(banner.countdown, 'Read-only access in 3 days 21 hours');
      assert.equal(banner.message, '€49.00 is still unpaid. Please pay or update your payment method before Dec 15, 2026, 12:00 PM to keep your account active.');

      const portal = await portalText(page);
      for (const literal of [
        '<img src=x onerror="window.__pwned=4">',
        '"Robert\'); DROP TABLE customers;--"',
        '"enterprise" <svg/onload=window.__pwned=7>',
        'in_<b onmouseover=window.__pwned=8>bold</b>',
        'Declined (<svg onload=window.__pwned=9>',
        '"quoted" & \'single\' \u202ereversed\u202c \u200fRLM',
        'Reminder by <b>email</b>',
      ]) {
        assert.ok(portal.includes(literal), `shows ${JSON.stringify(literal)} as text`);
      }
      // Hovering and clicking around fires nothing from the data.
      await page.locator('respite-portal td.id').first().hover();
      await page.locator('respite-portal .customer').hover();
      assert.deepEqual(await inertness(page), { pwned: null, handlers: 0, injected: 0 });

      const boxes = await layout(page);
      assert.ok(boxes.scrollWidth <= boxes.viewport, `no horizontal scroll (${boxes.scrollWidth} > ${boxes.viewport})`);
      assert.ok(boxes.banner.right <= boxes.viewport && boxes.portal.right <= boxes.viewport, 'components stay inside the viewport');
      // The 10 kB name is clamped to three lines in the portal header.
      assert.ok(boxes.header < (width < 500 ? 900 : 450), `portal header height ${boxes.header}`);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });
}

test('a 10 kB invoice id is refused by the engine: no banner, an inert error panel', async () => {
  const page = await newPage(env, { width: 375, height: 800 });
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: hostileId, lang: 'en' });
    const errors = await page.evaluate(async () => {
      const banner = document.querySelector('respite-banner');
      const portal = document.querySelector('respite-portal');
      const account = structuredClone(portal.account);
      const id = `${'N'.repeat(10240)}<img src=x onerror="window.__pwned=11">`;
      account.invoices[0].id = id;
      account.payment_attempts[0].invoice_id = id;
      const seen = [];
      portal.addEventListener('respite-error', (e) => seen.push(...e.detail.errors), { once: true });
      banner.setData({ policy: portal.policy, account });
      portal.setData({ policy: portal.policy, account });
      await Promise.all([banner.evaluateNow(), portal.evaluateNow()]);
      return seen;
    });
    assert.ok(errors.some((e) => e.code === 'string_too_long' && e.path === '/account/invoices/0/id'), JSON.stringify(errors));
    assert.equal((await bannerParts(page)).shown, false);
    const panel = await portalText(page, '[part="error"]');
    assert.match(panel, /Billing status is unavailable right now\./);
    assert.match(panel, /\/account\/invoices\/0\/id string_too_long/);
    assert.deepEqual(await inertness(page), { pwned: null, handlers: 0, injected: 0 });
    const boxes = await layout(page);
    assert.ok(boxes.scrollWidth <= boxes.viewport);
  } finally {
    await page.close();
  }
});

test('10 kB of markup in metadata (which the engine ignores) stays out of the page', async () => {
  const page = await newPage(env, { width: 375, height: 800 });
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_mueller', lang: 'en' });
    await page.evaluate(async () => {
      const portal = document.querySelector('respite-portal');
      const account = structuredClone(portal.account);
      account.metadata = { note: '<img src=x onerror="window.__pwned=12">'.repeat(256) };
      await Promise.all([...document.querySelectorAll('respite-banner, respite-portal')].map((el) => {
        el.setData({ policy: portal.policy, account });
        return el.evaluateNow();
      }));
    });
    assert.equal((await bannerParts(page)).title, 'Payment failed');
    assert.deepEqual(await inertness(page), { pwned: null, handlers: 0, injected: 0 });
  } finally {
    await page.close();
  }
});
