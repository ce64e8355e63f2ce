// The demo server's local billing API (no browser): sample accounts, simulated payments,
// a new card, reset, and the edges (unknown ids, bad bodies, path traversal).
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../examples/portal-demo/server.mjs';
import { packageDir } from './helpers.mjs';

let server;
before(async () => { server = await startServer({ port: 0, packageDir, quiet: true }); });
after(async () => { await server?.close(); });
beforeEach(async () => { await post('/api/reset', {}); });

const url = (path) => new URL(path, server.origin);
async function get(path) {
  const response = await fetch(url(path));
  return { status: response.status, body: await response.json().catch(() => null), headers: response.headers };
}
async function post(path, body, raw) {
  const response = await fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) });
  return { status: response.status, body: await response.json().catch(() => null) };
}

test('the sample accounts cover every state the issue asks for, in several currencies, zones and languages', async () => {
  const { status, body } = await get('/api/accounts');
  assert.equal(status, 200);
  assert.ok(body.length >= 9, `${body.length} accounts`);
  const ids = body.map((a) => a.id);
  for (const id of ['acct_northwind', 'acct_devries', 'acct_mueller', 'acct_harbourlane', 'acct_lumiere', 'acct_olivo', 'acct_pinecrest', 'acct_bergblick', 'acct_chaicode']) {
    assert.ok(ids.includes(id), id);
  }
  assert.ok(new Set(body.map((a) => a.currency)).size >= 5, 'currencies');
  assert.ok(new Set(body.map((a) => a.timezone)).size >= 8, 'zones');
  assert.ok(new Set(body.map((a) => a.locale?.split('-')[0])).size >= 5, 'languages');
  assert.ok(new Set(body.map((a) => a.policy)).size >= 4, 'policies');
});

test('an account comes with its policy', async () => {
  const { status, body } = await get('/api/accounts/acct_pinecrest');
  assert.equal(status, 200);
  assert.equal(body.account.schema, 'respite.account/1');
  assert.equal(body.policy.schema, 'respite.policy/1');
  assert.equal(body.policy.id, 'stripe-default');
  assert.equal((await get('/api/accounts/nobody')).status, 404);
});

test('paying one invoice records a succeeded attempt; reset restores the sample data', async () => {
  const paid = await post('/api/accounts/acct_mueller/pay', { invoice_id: 'in_mf_1130', at: '2026-12-05T10:00:00Z', grace_started_at: '2026-11-30T08:00:00Z' });
  assert.equal(paid.status, 200);
  assert.deepEqual(paid.body.paid, ['in_mf_1130']);
  const invoice = paid.body.account.invoices.find((i) => i.id === 'in_mf_1130');
  assert.equal(invoice.status, 'paid');
  assert.equal(invoice.amount_paid, 9900);
  assert.deepEqual(paid.body.account.payment_attempts.at(-1), { invoice_id: 'in_mf_1130', at: '2026-12-05T10:00:00Z', outcome: 'succeeded' });
  assert.deepEqual(paid.body.account.grace_history, [{ started_at: '2026-11-30T08:00:00Z', ended_at: '2026-12-05T10:00:00Z', outcome: 'recovered' }]);
  // Paying again finds nothing to pay.
  assert.equal((await post('/api/accounts/acct_mueller/pay', { invoice_id: 'in_mf_1130', at: '2026-12-05T10:00:00Z' })).status, 404);
  await post('/api/reset', {});
  const fresh = await get('/api/accounts/acct_mueller');
  assert.equal(fresh.body.account.invoices.find((i) => i.id === 'in_mf_1130').status, 'open');
});

test('a new payment method replaces the card on file', async () => {
  const result = await post('/api/accounts/acct_pinecrest/payment-method', { at: '2026-12-04T15:00:00Z' });
  assert.equal(result.status, 200);
  assert.deepEqual(result.body.account.payment_method, { type: 'card', brand: 'visa', last4: '4242', expires: '2029-12' });
});

test('bad requests are refused with a reason', async () => {
  assert.equal((await post('/api/accounts/acct_mueller/pay', null, '{not json')).status, 400);
  assert.equal((await post('/api/accounts/acct_mueller/pay', { at: 'yesterday' })).status, 400);
  assert.equal((await post('/api/accounts/acct_mueller/pay', null, 'x'.repeat(70000))).status, 413);
  assert.equal((await post('/api/accounts/acct_mueller', {})).status, 405);
  for (const path of ['/web/../package.json', '/web/%2e%2e/%2e%2e/package.json', '/demo/..%2F..%2F..%2Fpackage.json', '/respite/..%2f..%2f..%2fCMakeLists.txt']) {
    const response = await fetch(url(path));
    assert.equal(response.status, 404, path);
    assert.doesNotMatch(await response.text(), /"devDependencies"|cmake_minimum_required/, path);
  }
});

test('the page scripts are served bundled (one classic script each, engine included), or as plain modules without esbuild', async () => {
  const bundled = await (await fetch(url('/demo/demo.js'))).text();
  // A classic script (an IIFE): Chromium keeps V8's code cache for those, not for modules.
  assert.match(bundled, /^\(\(\)=>\{/);
  assert.doesNotMatch(bundled, /^(import|export)\b/m);
  assert.match(bundled, /customElements\.define\("respite-banner"/);
  assert.match(bundled, /customElements\.define\("respite-portal"/);
  // The engine's JS is inlined, and the .wasm it compiles at once is the package's.
  assert.match(bundled, /instantiateWasm/);
  assert.match(bundled, /"\/respite\/respite\.wasm"/);
  assert.doesNotMatch(bundled, /respite-import\.wasm/, 'the importers are left out');
  const embed = await (await fetch(url('/demo/embed.js'))).text();
  assert.match(embed, /customElements\.define\("respite-banner"/);
  assert.doesNotMatch(embed, /respite-portal/);
  assert.match(embed, /"\/respite\/respite\.wasm"/);
  const plain = await startServer({ port: 0, packageDir, quiet: true, bundle: false });
  try {
    const source = await (await fetch(new URL('/demo/demo.js', plain.origin))).text();
    assert.match(source, /import '\/web\/respite-banner\.js';/);
    const module = await fetch(new URL('/web/respite-banner.js', plain.origin));
    assert.equal(module.status, 200);
    // ...which the pages then load as modules.
    for (const [path, script] of [['/', 'demo.js'], ['/embed', 'embed.js']]) {
      const html = await (await fetch(new URL(path, plain.origin))).text();
      assert.match(html, new RegExp(`<script type="module" src="/@[0-9a-f]{16}/demo/${script.replace('.', '\\.')}" async>`), path);
    }
  } finally {
    await plain.close();
  }
});

test('the demo page preloads the account it opens when the data is not in the page', async () => {
  const response = await fetch(url('/?account=acct_lumiere&inline=0'));
  assert.equal(response.headers.get('link'), '</api/accounts/acct_lumiere>; rel=preload; as=fetch; crossorigin=anonymous');
  const inline = await fetch(url('/?account=acct_lumiere'));
  assert.equal(inline.headers.get('link'), null, 'the data is in the page: nothing to preload');
  const fallback = await fetch(url('/?account=%3Cscript%3E&inline=0'));
  assert.equal(fallback.headers.get('link'), null, 'no preload for an unknown account');
});

test('the pages load their assets from versioned URLs, cached for good; the rest is revalidated by ETag', async () => {
  const page = await fetch(url('/?account=acct_mueller'));
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  const html = await page.text();
  const script = /<script src="(\/@([0-9a-f]{16})\/demo\/demo\.js)" async>/.exec(html);
  assert.ok(script, 'the page script is versioned');
  const version = script[2];
  for (const asset of ['/demo/demo.css', '/respite/respite.wasm']) {
    assert.ok(html.includes(`"/@${version}${asset}"`), asset);
  }
  const bundle = await fetch(url(script[1]));
  assert.equal(bundle.status, 200);
  assert.equal(bundle.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(bundle.headers.get('content-security-policy'), "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'");
  // The .wasm it compiles carries the version too (the one the page preloads), so it is immutable.
  assert.match(await bundle.text(), new RegExp(`"/@${version}/respite/respite\\.wasm"`));
  const wasm = await fetch(url(`/@${version}/respite/respite.wasm`));
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.equal(wasm.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  await wasm.arrayBuffer();
  // Another version's URL still answers, but is not cached for good.
  const stale = await fetch(url('/@0123456789abcdef/respite/index.mjs'));
  assert.equal(stale.status, 200);
  assert.equal(stale.headers.get('cache-control'), 'no-cache');
  await stale.text();
  // Unversioned URLs: no-cache with an ETag, and 304 when it still matches.
  const plain = await fetch(url('/web/respite-banner.js'));
  await plain.text();
  const etag = plain.headers.get('etag');
  assert.equal(plain.headers.get('cache-control'), 'no-cache');
  assert.match(etag, /^"[0-9a-f]{16}"$/);
  const again = await fetch(url('/web/respite-banner.js'), { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), '');
  const script304 = await fetch(url('/demo/demo.js'), { headers: { 'if-none-match': (await fetch(url('/demo/demo.js'))).headers.get('etag') } });
  assert.equal(script304.status, 304, 'the bundle is built once and served from memory');
});

test('the elements come with their attributes, and the banner-only page embeds one script', async () => {
  const html = await (await fetch(url('/?account=acct_lumiere&lang=nl&now=2026-12-05T10:00:00Z'))).text();
  for (const element of ['respite-banner', 'respite-portal']) {
    const tag = new RegExp(`<${element}[^>]*>`).exec(html)[0];
    assert.match(tag, /src="\/api\/accounts\/acct_lumiere"/, element);
    assert.match(tag, /now="2026-12-05T10:00:00\.000Z"/, element);
    assert.match(tag, /locale="nl"/, element);
    assert.match(tag, /initial-data="respite-data"/, element);
  }
  const hostile = await (await fetch(url('/?account=%22%3E%3Cscript%3E&lang=%22x&now=nope'))).text();
  assert.doesNotMatch(hostile, /<script>|"x/);
  assert.match(/<respite-banner[^>]*>/.exec(hostile)[0], /^<respite-banner id="banner" now="2026-12-04T15:00:00\.000Z">$/);

  const embed = await fetch(url('/embed?account=acct_mueller&now=2026-12-04T14:30:00Z'));
  const text = await embed.text();
  assert.equal(text.match(/<script/g).length, 2, 'one script, and the data');
  assert.match(text, /<script src="\/@[0-9a-f]{16}\/demo\/embed\.js" async><\/script>/);
  assert.match(text, /<script type="application\/json" id="respite-data">\{"policy":/);
  assert.match(text, /<link rel="preload" href="\/@[0-9a-f]{16}\/respite\/respite\.wasm" as="fetch" type="application\/wasm" crossorigin="anonymous">/);
  assert.match(text, /<respite-banner now="2026-12-04T14:30:00\.000Z" src="\/api\/accounts\/acct_mueller" initial-data="respite-data">/);
  assert.doesNotMatch(text, /respite-portal/);
});
