// How a page starts the engine (web/src/engine.js, and createRespite's `module` option in
// wasm/js/index.mjs): respite.wasm is fetched once, by the page's preload, and compiled as soon
// as the first script runs, bundled or as plain modules; the <meta name="respite-engine"> path
// does the same; a server that does not send application/wasm still gets a working banner; a
// failed compile rejects createRespite instead of leaving it pending.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../../examples/portal-demo/server.mjs';
import { setUp, newPage, bannerParts, packageDir } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

const query = 'account=acct_mueller&lang=en&now=2026-12-04T14:30:00Z';
const countdown = 'Read-only access in 3 days 8 hours';

// The resource timing entries of respite.wasm: one when the page's fetch took over its preload.
const wasmEntries = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .filter((entry) => entry.name.endsWith('/respite.wasm')).map((entry) => entry.initiatorType));

for (const path of ['/', '/embed']) {
  test(`${path}: the preloaded .wasm is fetched once and compiled by the page, under the CSP`, async () => {
    const page = await newPage(env);
    const wasmRequests = [];
    page.on('request', (request) => { if (request.url().endsWith('/respite.wasm')) wasmRequests.push(request.url()); });
    const warnings = [];
    page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
    try {
      await page.addInitScript(() => {
        window.violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const cdp = await env.context.newCDPSession(page);
      await cdp.send('Network.clearBrowserCache'); // a first visit: the preload goes to the server
      await cdp.detach();
      await page.goto(new URL(`${path}?${query}`, env.origin).href);
      await page.waitForFunction(() => document.querySelector('respite-banner')?.shadowRoot.querySelector('.countdown'));
      assert.equal((await bannerParts(page)).countdown, countdown);
      assert.equal(wasmRequests.length, 1, `requests: ${wasmRequests.join(', ')}`);
      assert.deepEqual(await wasmEntries(page), ['link'], 'the preload is the only fetch of the .wasm');
      assert.deepEqual(await page.evaluate(() => window.violations), []);
      assert.deepEqual(warnings.filter((text) => /wasm|preload/i.test(text)), []);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });
}

test('without the bundles, the pages load the plain modules and start the engine the same way', async () => {
  const plain = await startServer({ port: 0, packageDir, quiet: true, bundle: false });
  try {
    for (const path of ['/', '/embed']) {
      const page = await newPage(env);
      try {
        await page.goto(new URL(`${path}?${query}`, plain.origin).href);
        await page.waitForFunction(() => document.querySelector('respite-banner')?.shadowRoot.querySelector('.countdown'));
        assert.equal((await bannerParts(page)).countdown, countdown, path);
        assert.deepEqual(await wasmEntries(page), ['link'], `${path}: the preloaded .wasm, once`);
        assert.deepEqual(page.problems, [], path);
      } finally {
        await page.close();
      }
    }
  } finally {
    await plain.close();
  }
});

// A page that names the package in <meta name="respite-engine"> and loads the plain modules.
const metaPage = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="respite-engine" content="/respite/index.mjs">
<script type="module" src="/web/respite-banner.js"></script>
</head><body><respite-banner src="/api/accounts/acct_mueller" now="2026-12-04T14:30:00Z" locale="en"></respite-banner></body></html>`;

async function openMetaPage(page, { wasmType } = {}) {
  const headers = { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" };
  await page.route(`${env.origin}/meta-engine`, (route) => route.fulfill({ status: 200, headers, body: metaPage }));
  if (wasmType) {
    const body = await readFile(join(packageDir, 'respite.wasm'));
    await page.route('**/respite/respite.wasm', (route) => route.fulfill({ status: 200, headers: { 'content-type': wasmType }, body }));
  }
  await page.goto(`${env.origin}/meta-engine`);
  await page.waitForFunction(() => document.querySelector('respite-banner')?.shadowRoot.querySelector('.countdown'));
}

test('with <meta name="respite-engine">, the .wasm is fetched once, next to index.mjs, and compiled while it loads', async () => {
  const page = await newPage(env);
  try {
    await openMetaPage(page);
    assert.equal((await bannerParts(page)).countdown, countdown);
    assert.deepEqual(await wasmEntries(page), ['fetch'], 'one fetch: createRespite got the compiled module');
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
  }
});

test('a .wasm served without application/wasm still gives the banner (the package loader takes over)', async () => {
  const page = await newPage(env);
  try {
    await openMetaPage(page, { wasmType: 'application/octet-stream' });
    assert.equal((await bannerParts(page)).countdown, countdown);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
  }
});

test('createRespite({ module }): instantiates a compiled module; a failed compile rejects', async () => {
  const { createRespite } = await import(pathToFileURL(join(packageDir, 'index.mjs')).href);
  const bytes = await readFile(join(packageDir, 'respite.wasm'));
  const module = await WebAssembly.compile(bytes);
  const policy = { schema: 'respite.policy/1', id: 'p', stages: [{ name: 'notice', after: 'P0D', access: 'full', severity: 'info' }] };
  const account = { schema: 'respite.account/1', id: 'a', invoices: [] };
  for (const engine of [await createRespite({ module }), await createRespite({ module: Promise.resolve(module) })]) {
    assert.equal(engine.evaluate(policy, account, '2026-12-04T15:00:00Z').state, 'good_standing');
  }
  await assert.rejects(createRespite({ module: Promise.reject(new Error('no wasm')) }), /no wasm/);
  await assert.rejects(createRespite({ module: 'not a module' }), TypeError);
});
