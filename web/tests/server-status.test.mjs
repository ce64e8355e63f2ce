// The server's own status in the page (initial-data): the demo server evaluates the account a
// page opens with the same engine, in Node, and writes {policy, account, status} into the page as
// JSON; the banner shows that status before the page's engine has started, and the engine takes
// over at the next stage boundary. Expected values worked out from the sample data:
// acct_mueller (standard policy, Berlin) has invoice in_mf_1130 (99.00 EUR) unpaid since
// 2026-11-30 and turns read-only (stage "restricted") at the end of 2026-12-07 in Berlin, i.e.
// 2026-12-07T23:00:00Z; before that it is in stage "warning" (severity warning).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, newPage, bannerParts, pauseClock } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

const url = (path) => new URL(path, env.origin).href;
const dataBlock = /<script type="application\/json" id="respite-data">([^]*?)<\/script>/;

test('the page carries the account, its policy and the server\'s status as inert JSON', async () => {
  const html = await (await fetch(url('/?account=acct_mueller&now=2026-12-04T14:30:00Z'))).text();
  const data = JSON.parse(dataBlock.exec(html)[1]);
  const api = await (await fetch(url('/api/accounts/acct_mueller'))).json();
  assert.deepEqual({ policy: data.policy, account: data.account }, api, 'the same data the API gives');
  assert.equal(data.status.evaluated_at, '2026-12-04T14:30:00Z', "evaluated at the page's instant");
  assert.equal(data.status.stage.name, 'warning');
  assert.deepEqual(data.status.countdown && { to: data.status.countdown.to, at: data.status.countdown.at },
    { to: 'restricted', at: '2026-12-07T23:00:00Z' });
  for (const element of ['respite-banner', 'respite-portal']) {
    assert.match(new RegExp(`<${element}[^>]*>`).exec(html)[0], /initial-data="respite-data"/, element);
  }
  assert.equal(/<respite-banner/.exec(html).index > dataBlock.exec(html).index, true, 'the data comes before the elements');

  // An id with "</script>" in it cannot close the data block: every "<" in the JSON is \u003c.
  const hostileId = 'acct_</script><img src=x onerror=window.__pwned=5>';
  const hostile = await (await fetch(url(`/?account=${encodeURIComponent(hostileId)}`))).text();
  const block = dataBlock.exec(hostile)[1];
  assert.doesNotMatch(block, /</);
  const parsed = JSON.parse(block);
  assert.equal(parsed.account.id, hostileId);
  assert.equal(parsed.status.account_id, hostileId);
  assert.equal(hostile.match(/<\/script>/g).length, 2, 'the data block and the page script, nothing else');

  // Without inline data (?inline=0), and for an unknown account, there is no block.
  assert.doesNotMatch(await (await fetch(url('/?account=acct_mueller&inline=0'))).text(), /respite-data/);
  assert.doesNotMatch(await (await fetch(url('/embed?account=nobody'))).text(), /respite-data/);
});

// Holds every request for respite.wasm until release() is called: the page's engine cannot start.
async function holdWasm(page) {
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route('**/respite.wasm', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

// Whether the page's engine (web/src/engine.js's shared one) has started, recorded by the page
// itself (performance marks and animation frames are the test clock's while it is installed).
async function watchEngine(page) {
  await page.evaluate(() => {
    globalThis[Symbol.for('@respite/web engine')].enginePromise.then(() => { window.engineStarted = true; });
  });
}
const engineStarted = (page) => page.evaluate(() => window.engineStarted === true);

// Polls `predicate` in the page from here (waitForFunction polls on animation frames, which a
// paused test clock holds back).
async function until(page, predicate, what, timeout = 20000) {
  const deadline = Date.now() + timeout;
  while (!(await page.evaluate(predicate))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const bannerShown = () => Boolean(document.querySelector('respite-banner')?.shadowRoot.querySelector('.banner'));

test('without the server\'s status (?inline=0) the banner waits for the page\'s engine', async () => {
  const page = await newPage(env);
  try {
    const release = await holdWasm(page);
    const data = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/accounts/acct_mueller');
    await page.goto(url('/embed?account=acct_mueller&lang=en&now=2026-12-04T14:30:00Z&inline=0'));
    await watchEngine(page);
    await (await data).finished();
    await page.waitForTimeout(300);
    assert.equal(await engineStarted(page), false);
    assert.equal((await bannerParts(page)).shown, false, 'data, but no engine: nothing to show yet');
    release();
    await until(page, bannerShown, 'the banner');
    assert.equal(await engineStarted(page), true);
    assert.equal((await bannerParts(page)).countdown, 'Read-only access in 3 days 8 hours');
  } finally {
    await page.close();
  }
});

test('the whole demo page renders without the page\'s engine: the banner from the server\'s status, the portal from its timeline', async () => {
  const page = await newPage(env);
  try {
    const release = await holdWasm(page);
    await page.goto(url('/?account=acct_mueller&lang=en&now=2026-12-04T14:30:00Z'));
    await watchEngine(page);
    await until(page, () => document.querySelector('respite-portal')?.shadowRoot?.querySelector('.portal'), 'the portal');
    assert.equal(await engineStarted(page), false, 'rendered without the engine');
    const portal = await page.evaluate(() => {
      const { result, shadowRoot } = document.querySelector('respite-portal');
      return { schema: result.schema, now: result.now, stage: result.status.stage.name, text: shadowRoot.textContent };
    });
    assert.equal(portal.schema, 'respite.timeline/1');
    assert.equal(portal.stage, 'warning');
    assert.match(portal.text, /in_mf_1130/, 'the unpaid invoice is listed');
    assert.equal((await bannerParts(page)).countdown, 'Read-only access in 3 days 8 hours');
    // The banner-only page carries no timeline (nothing there would read it).
    const embed = await (await fetch(url('/embed?account=acct_mueller'))).text();
    assert.doesNotMatch(embed, /respite\.timeline\/1/);
    release();
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
  }
});

test('a given status is shown only while it is in force for this data; else the engine decides', async () => {
  const page = await newPage(env);
  try {
    await page.goto(url('/embed?account=acct_mueller&lang=en&now=2026-12-04T14:30:00Z'));
    await watchEngine(page);
    await until(page, () => window.engineStarted, 'the engine');
    // The element's clock is frozen at 14:30:00Z. A status the engine would not give (info, where
    // the engine says warning) tells which one the banner shows.
    const shown = await page.evaluate(async () => {
      const banner = document.querySelector('respite-banner');
      banner.setAttribute('frozen', '');
      const data = JSON.parse(document.getElementById('respite-data').textContent);
      const forged = (change) => {
        const status = structuredClone(data.status);
        status.banner.severity = 'info';
        change(status);
        return status;
      };
      const severityWith = async (status) => {
        await banner.setData({ policy: data.policy, account: data.account, status });
        return banner.getAttribute('severity');
      };
      return {
        inForce: await severityWith(forged(() => {})),
        usedOnce: (await banner.evaluateNow(), banner.getAttribute('severity')),
        otherAccount: await severityWith(forged((s) => { s.account_id = 'acct_other'; })),
        otherPolicy: await severityWith(forged((s) => { s.policy_id = 'lenient-b2b'; })),
        evaluatedLater: await severityWith(forged((s) => { s.evaluated_at = '2026-12-04T14:30:01Z'; })),
        boundaryPassed: await severityWith(forged((s) => { s.countdown.at = '2026-12-04T14:30:00Z'; })),
        notAStatus: await severityWith(forged((s) => { s.schema = 'respite.error/1'; })),
        none: await severityWith(undefined),
      };
    });
    assert.deepEqual(shown, {
      inForce: 'info', usedOnce: 'warning', otherAccount: 'warning', otherPolicy: 'warning',
      evaluatedLater: 'warning', boundaryPassed: 'warning', notAStatus: 'warning', none: 'warning',
    });
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
  }
});

test('an element moved in the page keeps the data it was given since, not the page\'s', async () => {
  const page = await newPage(env);
  try {
    await page.goto(url('/embed?account=acct_mueller&lang=en&now=2026-12-04T14:30:00Z'));
    await watchEngine(page);
    await until(page, () => window.engineStarted, 'the engine');
    const states = await page.evaluate(async () => {
      const banner = document.querySelector('respite-banner');
      const data = JSON.parse(document.getElementById('respite-data').textContent);
      // The one unpaid invoice paid: good standing, no banner.
      const account = structuredClone(data.account);
      for (const invoice of account.invoices) {
        invoice.amount_paid = invoice.amount_due;
        invoice.status = 'paid';
      }
      banner.removeAttribute('src'); // no re-fetch on connecting: only the data it holds
      await banner.setData({ policy: data.policy, account });
      const before = [banner.getAttribute('state'), banner.hasAttribute('showing')];
      const moved = new Promise((resolve) => banner.addEventListener('respite-status', resolve, { once: true }));
      document.body.append(banner); // disconnected and connected again
      await moved;
      return { before, after: [banner.getAttribute('state'), banner.hasAttribute('showing')] };
    });
    assert.deepEqual(states, { before: ['good_standing', false], after: ['good_standing', false] });
  } finally {
    await page.close();
  }
});

test('initial-data that names nothing or holds broken JSON is reported, and src still loads', async () => {
  const page = await newPage(env);
  try {
    await page.goto(url('/embed?account=acct_mueller&lang=en&now=2026-12-04T14:30:00Z'));
    await page.waitForFunction(() => document.querySelector('respite-banner')?.result);
    const outcomes = await page.evaluate(async () => {
      const broken = document.createElement('script');
      broken.type = 'application/json';
      broken.id = 'broken-data';
      broken.textContent = '{"policy": ';
      document.body.append(broken);
      const tryWith = (id) => new Promise((resolve) => {
        const element = document.createElement('respite-banner');
        const errors = [];
        element.addEventListener('respite-error', (event) => errors.push(event.detail.errors[0].message));
        element.addEventListener('respite-status', (event) => resolve({ errors, stage: event.detail.status.stage.name }));
        element.setAttribute('now', '2026-12-04T14:30:00Z');
        element.setAttribute('src', '/api/accounts/acct_mueller');
        element.setAttribute('initial-data', id);
        document.body.append(element);
      });
      return [await tryWith('no-such-element'), await tryWith('broken-data')];
    });
    assert.equal(outcomes[0].stage, 'warning');
    assert.equal(outcomes[0].errors.length, 1);
    assert.match(outcomes[0].errors[0], /^initial-data: no element with id "no-such-element"$/);
    assert.equal(outcomes[1].stage, 'warning');
    assert.match(outcomes[1].errors[0], /^initial-data: #broken-data is not a JSON object \{policy, account\}/);
  } finally {
    await page.close();
  }
});

test('with the data in the page, neither element fetches it', async () => {
  const page = await newPage(env);
  try {
    await page.goto(url('/?account=acct_mueller&lang=en&now=2026-12-04T14:30:00Z'));
    await page.waitForFunction(() => document.querySelector('respite-portal')?.result);
    const fetched = await page.evaluate(() => performance.getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname).filter((path) => path.startsWith('/api/accounts/')));
    assert.deepEqual(fetched, []);
    assert.equal((await bannerParts(page)).countdown, 'Read-only access in 3 days 8 hours');
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
  }
});

for (const path of ['/embed', '/']) {
  // Last in this file: the test clock, once installed, stays with the browser context.
  test(`${path}: the banner paints the server's status before the page's engine exists, and the engine takes over at the boundary`, async () => {
    const page = await newPage(env);
    try {
      const release = await holdWasm(page);
      await pauseClock(page, '2026-12-07T22:00:00Z'); // the page's own clock: paused, moved by the test
      await page.goto(url(`${path}?account=acct_mueller&lang=en&now=2026-12-07T22:59:57Z`));
      await watchEngine(page);
      await until(page, bannerShown, 'the banner');
      const first = await bannerParts(page);
      assert.equal(first.severity, 'warning');
      assert.equal(first.countdown, 'Read-only access in 3 seconds');
      assert.equal(await engineStarted(page), false, 'shown without the engine');
      assert.equal(await page.evaluate(() => document.querySelector('respite-banner').result.evaluated_at), '2026-12-07T22:59:57Z');

      // The countdown runs on the page's clock without the engine...
      await page.clock.runFor(1000);
      assert.equal((await bannerParts(page)).countdown, 'Read-only access in 2 seconds');
      // ...and once the engine is there, the boundary turns the banner to the next stage in-page.
      release();
      await until(page, () => window.engineStarted, 'the engine');
      await page.clock.runFor(2000);
      await until(page, () => document.querySelector('respite-banner').result?.stage?.name === 'restricted', 'the restricted stage');
      const next = await page.evaluate(() => document.querySelector('respite-banner').result);
      assert.equal(next.evaluated_at, '2026-12-07T23:00:00Z');
      assert.equal(next.access.level, 'read_only');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });
}
