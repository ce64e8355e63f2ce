// What the banner's time to screen rests on (bench/banner-load.mjs measures it): the banner
// renders before the portal, which lets a frame through first; on the demo page the controls and
// the portal wait for the banner's first frame, in room kept for them; a returning visitor's page
// loads its scripts and the .wasm from the browser cache without a request; the banner-only embed
// (one script tag and the element) shows the right countdown under the demo's CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, newPage, bannerParts } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

const query = 'account=acct_mueller&lang=en&now=2026-12-04T14:30:00Z';

// Records, in the page, the order of the elements' first respite-status events and animation
// frames between them.
const recordOrder = () => {
  window.order = [];
  addEventListener('respite-status', (event) => {
    if (!window.order.includes(event.target.localName)) window.order.push(event.target.localName);
    if (event.target.localName === 'respite-banner') requestAnimationFrame(() => window.order.push('frame'));
  }, true);
};

test('the banner renders first and reaches a frame before the portal evaluates', async () => {
  const page = await newPage(env);
  try {
    await page.addInitScript(recordOrder);
    await page.goto(new URL(`/?${query}`, env.origin).href);
    await page.waitForFunction(() => window.order.length === 3);
    assert.deepEqual(await page.evaluate(() => window.order), ['respite-banner', 'frame', 'respite-portal']);
    assert.equal((await bannerParts(page)).countdown, 'Read-only access in 3 days 8 hours');
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
  }
});

test("the demo's controls and its portal come after the banner's first frame, in room kept for them: the banner does not move", async () => {
  for (const [width, height] of [[1280, 900], [1024, 768], [375, 812]]) {
    const page = await newPage(env, { width, height });
    try {
      await page.addInitScript(() => {
        addEventListener('respite-status', (event) => {
          if (event.target.localName !== 'respite-banner' || window.atFirstRender) return;
          window.atFirstRender = {
            top: event.target.getBoundingClientRect().top,
            controls: document.querySelector('#demo-controls').childElementCount,
            portal: Boolean(customElements.get('respite-portal')),
          };
        }, true);
      });
      await page.goto(new URL(`/?${query}`, env.origin).href);
      await page.waitForFunction(() => document.querySelector('respite-portal')?.result
        && document.querySelector('#account-select')?.options.length > 1);
      const first = await page.evaluate(() => window.atFirstRender);
      assert.deepEqual({ controls: first.controls, portal: first.portal }, { controls: 0, portal: false }, `${width} px`);
      const top = await page.evaluate(() => document.querySelector('respite-banner').getBoundingClientRect().top);
      assert.ok(Math.abs(top - first.top) <= 2, `${width} px: the banner moved from ${first.top} to ${top}`);
      assert.equal(await page.locator('#jump-input').getAttribute('type'), 'datetime-local');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  }
});

test('with both elements given their data at once, the portal waits for a frame after the banner', async () => {
  const page = await newPage(env);
  try {
    await page.goto(new URL(`/embed?${query}`, env.origin).href);
    await page.waitForFunction(() => document.querySelector('respite-banner')?.result);
    const order = await page.evaluate(async () => {
      // The portal as a plain module next to the page's bundled banner: still one engine for
      // both (web/src/engine.js keeps it on globalThis).
      await import('/web/respite-portal.js');
      const data = await (await fetch('/api/accounts/acct_mueller')).json();
      const seen = [];
      const banner = document.createElement('respite-banner');
      const portal = document.createElement('respite-portal');
      for (const element of [banner, portal]) {
        element.setAttribute('now', '2026-12-04T14:30:00Z');
        element.addEventListener('respite-status', () => {
          seen.push(element.localName);
          if (element === banner) requestAnimationFrame(() => seen.push('frame'));
        });
      }
      document.body.append(banner, portal);
      portal.setData(data); // the portal's data even comes first
      banner.setData(data);
      await new Promise((resolve) => portal.addEventListener('respite-status', resolve, { once: true }));
      return seen;
    });
    assert.deepEqual(order, ['respite-banner', 'frame', 'respite-portal']);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
  }
});

test('a second visit loads the scripts and the wasm from the cache, without a request', async () => {
  const page = await newPage(env);
  const requests = [];
  const onRequest = (request) => requests.push(new URL(request.url, 'http://x').pathname);
  try {
    const url = new URL(`/?${query}`, env.origin).href;
    await page.goto(url);
    await page.waitForFunction(() => document.querySelector('respite-banner')?.result);
    env.server.server.on('request', onRequest); // what reaches the server
    await page.goto(url);
    await page.waitForFunction(() => document.querySelector('respite-banner')?.result);
    assert.ok(requests.includes('/'), 'the page itself is revalidated');
    const assets = requests.filter((path) => !path.startsWith('/api/') && path !== '/');
    assert.deepEqual(assets, [], `requested again: ${assets.join(', ')}`);
    assert.deepEqual(page.problems, []);
  } finally {
    env.server.server.off('request', onRequest);
    await page.close();
  }
});

test('the banner-only embed shows the countdown, under the CSP', async () => {
  const page = await newPage(env);
  try {
    await page.addInitScript(() => {
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective));
    });
    await page.goto(new URL(`/embed?${query}`, env.origin).href);
    await page.waitForFunction(() => document.querySelector('respite-banner')?.shadowRoot.querySelector('.countdown'));
    const banner = await bannerParts(page);
    assert.equal(banner.title, 'Payment failed');
    assert.equal(banner.countdown, 'Read-only access in 3 days 8 hours');
    assert.deepEqual(await page.evaluate(() => window.violations), []);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
  }
});
