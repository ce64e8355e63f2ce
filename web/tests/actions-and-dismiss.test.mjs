// Call-to-action buttons fire `respite-action` with {type, invoiceId}; they are reachable and
// usable with the keyboard; a dismissal is remembered per account and stage across reloads and
// the banner returns when the next stage begins. A payment through the demo API shows recovery.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, newPage, pauseClock, openDemo, bannerParts, portalText } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });
beforeEach(async () => { await fetch(new URL('/api/reset', env.origin), { method: 'POST' }); });

// Records respite-action events at the window, before the demo's own handler sees them;
// `block` stops them there (the demo would otherwise simulate a payment).
async function recordActions(page, { block = false } = {}) {
  await page.evaluate((stop) => {
    window.actions = [];
    window.addEventListener('respite-action', (event) => {
      window.actions.push({ ...event.detail, from: event.target.localName });
      if (stop) event.stopImmediatePropagation();
    }, { capture: true });
  }, block);
}

test('CTA buttons fire respite-action with the type and invoice id', async () => {
  const page = await newPage(env);
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_mueller', lang: 'en' });
    await recordActions(page, { block: true });
    await page.locator('respite-banner button[data-action="pay_invoice"]').click();
    await page.locator('respite-banner button[data-action="update_payment_method"]').click();
    await page.locator('respite-portal button[data-invoice="in_mf_1130"]').click();
    await page.locator('respite-portal [part~="payment-method"] button').click();
    const actions = await page.evaluate(() => window.actions);
    assert.deepEqual(actions.map(({ type, invoiceId, from }) => ({ type, invoiceId, from })), [
      { type: 'pay_invoice', invoiceId: 'in_mf_1130', from: 'respite-banner' },
      { type: 'update_payment_method', invoiceId: 'in_mf_1130', from: 'respite-banner' },
      { type: 'pay_invoice', invoiceId: 'in_mf_1130', from: 'respite-portal' },
      { type: 'update_payment_method', invoiceId: 'in_mf_1130', from: 'respite-portal' },
    ]);
  } finally {
    await page.close();
  }
});

test('3-D Secure, hard declines and cancellation ask for the matching action', async () => {
  const expected = [
    ['acct_bergblick', { type: 'authenticate_payment', invoiceId: 'in_bb_1202' }],
    ['acct_pinecrest', { type: 'update_payment_method', invoiceId: 'in_pc_1130' }],
    ['acct_olivo', { type: 'contact_billing', invoiceId: 'in_eo_1020' }],
  ];
  const page = await newPage(env);
  try {
    await pauseClock(page);
    for (const [account, detail] of expected) {
      await openDemo(page, env, { account, lang: 'en' });
      await recordActions(page, { block: true });
      await page.locator('respite-banner button.primary').click();
      const actions = await page.evaluate(() => window.actions);
      assert.deepEqual(actions.map(({ type, invoiceId }) => ({ type, invoiceId })), [detail], account);
    }
  } finally {
    await page.close();
  }
});

test('the primary CTA is reachable with Tab and fires on Enter and Space, with a visible focus ring', async () => {
  const page = await newPage(env);
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_bergblick', lang: 'en' });
    await recordActions(page, { block: true });
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const banner = document.querySelector('respite-banner');
        return document.activeElement === banner && banner.shadowRoot.activeElement?.dataset.action === 'authenticate_payment';
      });
    }
    assert.ok(reached, 'Tab reaches the banner CTA');
    const outline = await page.evaluate(() => {
      const button = document.querySelector('respite-banner').shadowRoot.activeElement;
      const style = getComputedStyle(button);
      return { matches: button.matches(':focus-visible'), width: style.outlineWidth, style: style.outlineStyle };
    });
    assert.equal(outline.matches, true);
    assert.equal(outline.style, 'solid');
    assert.equal(outline.width, '3px');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    const actions = await page.evaluate(() => window.actions);
    assert.deepEqual(actions.map((a) => a.type), ['authenticate_payment', 'authenticate_payment']);
    assert.equal(actions[0].invoiceId, 'in_bb_1202');
  } finally {
    await page.close();
  }
});

test('dismiss persists across reload and the banner returns on the next stage', async () => {
  const page = await newPage(env);
  try {
    await pauseClock(page);
    // acct_devries: notice (dismissible) now, warning (dismissible) from 2026-12-06T23:00Z.
    await openDemo(page, env, { account: 'acct_devries', lang: 'en' });
    assert.equal((await bannerParts(page)).dismissible, true);
    await page.locator('respite-banner .dismiss').click();
    assert.equal((await bannerParts(page)).shown, false);
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('respite:dismissed:')));
    assert.deepEqual(stored, ['respite:dismissed:acct_devries|notice|2026-12-03T09:00:00Z']);

    await page.reload();
    await page.waitForFunction(() => document.querySelector('respite-portal')?.result);
    assert.equal((await bannerParts(page)).shown, false, 'still dismissed after reload');
    // Another account's banner is not affected.
    await page.selectOption('#account-select', 'acct_mueller');
    await page.waitForFunction(() => document.querySelector('respite-banner').result?.account_id === 'acct_mueller');
    assert.equal((await bannerParts(page)).shown, true);
    await page.selectOption('#account-select', 'acct_devries');
    await page.waitForFunction(() => document.querySelector('respite-banner').result?.account_id === 'acct_devries');
    assert.equal((await bannerParts(page)).shown, false);

    // Ten seconds before the warning stage, still hidden; at the warning stage it is back.
    await page.click('#next-stage');
    await page.clock.runFor(10);
    assert.equal((await bannerParts(page)).shown, false);
    await page.clock.runFor(10000);
    const banner = await bannerParts(page);
    assert.equal(banner.shown, true);
    assert.equal(banner.title, 'Payment failed');
    assert.equal(banner.dismissible, true);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
  }
});

test('critical stages cannot be dismissed', async () => {
  const page = await newPage(env);
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_harbourlane', lang: 'en' });
    const banner = await bannerParts(page);
    assert.equal(banner.dismissible, false);
    await page.evaluate(() => document.querySelector('respite-banner').dismiss());
    assert.equal((await bannerParts(page)).shown, true);
  } finally {
    await page.close();
  }
});

test('a simulated payment through the demo API shows the recovery', async () => {
  const page = await newPage(env);
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_harbourlane', lang: 'en' });
    await recordActions(page);
    await page.locator('respite-portal button[data-invoice="in_hl_1126"]').click();
    await page.waitForFunction(() => document.querySelector('respite-portal').result?.status.state === 'good_standing');
    await page.waitForFunction(() => document.querySelector('respite-banner').result?.state === 'good_standing');
    assert.equal((await bannerParts(page)).shown, false);
    const portal = await portalText(page);
    assert.ok(portal.includes('Payment received. Your account is fully active again.'), portal.slice(0, 200));
    assert.ok(portal.includes('Your account is in good standing.'));
    assert.match(await page.textContent('#demo-log'), /respite-action \{"type":"pay_invoice","invoiceId":"in_hl_1126"\} → paid in_hl_1126/);
    // The billing system recorded the recovered grace period.
    const snapshot = await (await fetch(new URL('/api/accounts/acct_harbourlane', env.origin))).json();
    assert.deepEqual(snapshot.account.grace_history, [
      { started_at: '2026-11-26T10:00:00Z', ended_at: '2026-12-04T15:00:00Z', outcome: 'recovered' },
    ]);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
  }
});

test('src is re-fetched on the interval the host sets: a payment made elsewhere shows up', async () => {
  const page = await newPage(env);
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_lumiere', lang: 'en' });
    await page.evaluate(() => document.querySelector('respite-banner').setAttribute('refresh-interval', '60'));
    assert.equal((await bannerParts(page)).title, 'Your account is suspended');
    // Paid through another channel (the server, not this page).
    const paid = await fetch(new URL('/api/accounts/acct_lumiere/pay', env.origin), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at: '2026-12-04T15:00:00Z' }),
    });
    assert.equal(paid.status, 200);
    await page.clock.runFor(59000);
    assert.equal((await bannerParts(page)).shown, true, 'not yet re-fetched');
    await page.clock.runFor(1000);
    await page.waitForFunction(() => document.querySelector('respite-banner').result?.state === 'good_standing');
    assert.equal((await bannerParts(page)).shown, false);
  } finally {
    await page.close();
  }
});
