// The banner keeps time by itself: with the page clock under the test's control, the countdown
// ticks down (days+hours, then hours+minutes, then minutes+seconds in the last hour), and when
// the next stage's instant passes the engine is re-run in the page — the banner turns from
// warning to restricted at that millisecond, with no request to any server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, newPage, pauseClock, openDemo, bannerParts, T0 } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

// acct_mueller (standard policy, Berlin): warning now; read-only at 2026-12-07T23:00:00Z.
const boundary = Date.parse('2026-12-07T23:00:00Z');

test('countdown ticks down and the banner turns to the next stage at the boundary, in-page', async () => {
  const page = await newPage(env);
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_mueller', lang: 'en' });
    let banner = await bannerParts(page);
    assert.equal(banner.countdown, 'Read-only access in 3 days 8 hours');

    // Hours and minutes once less than a day is left.
    await page.clock.fastForward(boundary - Date.parse(T0) - (2 * 3600 + 10 * 60) * 1000);
    await page.clock.runFor(10);
    banner = await bannerParts(page);
    assert.equal(banner.countdown, 'Read-only access in 2 hours 10 minutes');

    // Minutes and seconds in the last hour, one second per tick.
    await page.clock.fastForward((2 * 3600 + 10 * 60 - 65) * 1000 - 20);
    await page.clock.runFor(10);
    banner = await bannerParts(page);
    assert.equal(banner.countdown, 'Read-only access in 1 minute 5 seconds');
    await page.clock.runFor(1000);
    assert.equal((await bannerParts(page)).countdown, 'Read-only access in 1 minute 4 seconds');
    await page.clock.runFor(1000);
    assert.equal((await bannerParts(page)).countdown, 'Read-only access in 1 minute 3 seconds');

    // From here on the page must not ask any server for anything.
    const requests = [];
    page.on('request', (request) => requests.push(request.url()));

    // 1 ms before the boundary: still a warning, one second left.
    const now = await page.evaluate(() => document.querySelector('respite-banner').currentTime());
    await page.clock.runFor(boundary - now - 1);
    banner = await bannerParts(page);
    assert.equal(banner.severity, 'warning');
    assert.equal(banner.countdown, 'Read-only access in 1 second');

    // The boundary itself: restricted, critical, an alert; 7 days to the suspension.
    await page.clock.runFor(1);
    banner = await bannerParts(page);
    assert.equal(banner.severity, 'critical');
    assert.equal(banner.role, 'alert');
    assert.equal(banner.title, 'Your account is restricted');
    assert.equal(banner.message, 'Some features are switched off until €99.00 is paid. Pay by the end of December 14, 2026 to avoid suspension.');
    assert.equal(banner.countdown, 'Account suspended in 7 days');
    assert.equal(banner.dismissible, false);
    const evaluatedAt = await page.evaluate(() => document.querySelector('respite-banner').result.evaluated_at);
    assert.equal(evaluatedAt, '2026-12-07T23:00:00Z');
    assert.deepEqual(requests, [], 'no network round trip');

    // The portal followed too.
    const portalStage = await page.evaluate(() => document.querySelector('respite-portal').result.status.stage.name);
    assert.equal(portalStage, 'restricted');
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
  }
});

test('Dutch countdown in the last hour, and the time-travel control moves both components', async () => {
  const page = await newPage(env);
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_mueller', lang: 'nl' });
    await page.click('#next-stage');
    await page.clock.runFor(10);
    let banner = await bannerParts(page);
    assert.equal(banner.countdown, 'Account wordt alleen-lezen over 10 seconden');
    await page.clock.runFor(10000);
    banner = await bannerParts(page);
    assert.equal(banner.title, 'Je account is beperkt');
    assert.equal(banner.countdown, 'Account wordt opgeschort over 7 dagen');
    // Back one day with the time-travel buttons: warning again, one day left.
    await page.click('[data-shift="-86400000"]');
    await page.clock.runFor(10);
    banner = await bannerParts(page);
    assert.equal(banner.title, 'Betaling mislukt');
    assert.equal(banner.countdown, 'Account wordt alleen-lezen over 1 dag');
    const portal = await page.evaluate(() => {
      const element = document.querySelector('respite-portal');
      return { now: element.result.now, stage: element.result.status.stage.name };
    });
    assert.deepEqual(portal, { now: '2026-12-06T23:00:00.010Z', stage: 'warning' });
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
  }
});
