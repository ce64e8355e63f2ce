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

test('the page script is served bundled (one request), or as plain modules without esbuild', async () => {
  const bundled = await (await fetch(url('/demo/demo.js'))).text();
  assert.match(bundled, /customElements\.define\("respite-banner"/);
  assert.match(bundled, /customElements\.define\("respite-portal"/);
  assert.match(bundled, /from "\/respite\/index\.mjs"/);
  const plain = await startServer({ port: 0, packageDir, quiet: true, bundle: false });
  try {
    const source = await (await fetch(new URL('/demo/demo.js', plain.origin))).text();
    assert.match(source, /import '\/web\/respite-banner\.js';/);
    const module = await fetch(new URL('/web/respite-banner.js', plain.origin));
    assert.equal(module.status, 200);
  } finally {
    await plain.close();
  }
});

test('the demo page preloads the account it opens', async () => {
  const response = await fetch(url('/?account=acct_lumiere'));
  assert.equal(response.headers.get('link'), '</api/accounts/acct_lumiere>; rel=preload; as=fetch; crossorigin=anonymous');
  const fallback = await fetch(url('/?account=%3Cscript%3E'));
  assert.equal(fallback.headers.get('link'), null, 'no preload for an unknown account');
});
