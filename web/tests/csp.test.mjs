// The demo is served with Content-Security-Policy: default-src 'self'; script-src 'self'
// 'wasm-unsafe-eval' on every response, and works under it: the wasm module instantiates, the
// components style themselves (constructed stylesheets), and nothing is refused or logged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, newPage, pauseClock, openDemo, bannerParts } from './helpers.mjs';

const expectedPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

test('every response carries the CSP header', async () => {
  const paths = ['/', '/demo/demo.js', '/demo/demo.css', '/web/respite-banner.js', '/web/i18n/nl.js',
    '/respite/index.mjs', '/respite/respite.wasm', '/api/accounts', '/api/accounts/acct_mueller', '/nope', '/respite/nope.js'];
  for (const path of paths) {
    const response = await fetch(new URL(path, env.origin));
    await response.arrayBuffer();
    assert.equal(response.headers.get('content-security-policy'), expectedPolicy, path);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
  }
  const wasm = await fetch(new URL('/respite/respite.wasm', env.origin));
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const css = await fetch(new URL('/demo/demo.css', env.origin));
  assert.match(css.headers.get('content-type'), /^text\/css/);
  const js = await fetch(new URL('/web/respite-banner.js', env.origin));
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
});

test('the demo runs under the CSP without a console error or a refused resource', async () => {
  const page = await newPage(env);
  try {
    await page.addInitScript(() => {
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await pauseClock(page);
    const response = await page.goto(new URL('/?account=acct_mueller&lang=en', env.origin).href);
    assert.equal(response.headers()['content-security-policy'], expectedPolicy);
    await openDemo(page, env, { account: 'acct_mueller', lang: 'en' });
    for (const account of ['acct_harbourlane', 'acct_lumiere', 'acct_northwind']) {
      await page.selectOption('#account-select', account);
      await page.waitForFunction((id) => document.querySelector('respite-portal').result?.status.account_id === id, account);
    }
    await page.selectOption('#account-select', 'acct_mueller');
    await page.waitForFunction(() => document.querySelector('respite-banner').result?.account_id === 'acct_mueller');
    const banner = await bannerParts(page);
    assert.equal(banner.title, 'Payment failed');
    // Styled: the constructed stylesheet applied despite style-src 'self'.
    const background = await page.evaluate(() => getComputedStyle(document.querySelector('respite-banner').shadowRoot.querySelector('.banner')).backgroundColor);
    assert.equal(background, 'rgb(255, 245, 220)');
    assert.deepEqual(await page.evaluate(() => window.violations), []);
    assert.deepEqual(page.problems, []);

    // And the policy is really in force: an injected inline script is refused.
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.head.append(script);
      return window.inlineRan ?? false;
    });
    assert.equal(ran, false);
    await page.waitForFunction(() => window.violations.length > 0);
  } finally {
    await page.close();
  }
});
