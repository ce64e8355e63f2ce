// The Node server-side check (server.mjs): started on a free port with a fixed clock, its
// protected route answers 200 / 402 / 403 with the required actions, per account file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

const serverFile = fileURLToPath(new URL('server.mjs', import.meta.url));
let child;
let base;

before(async () => {
    child = spawn(process.execPath, [serverFile], {
        env: { ...process.env, PORT: '0', RESPITE_NOW: '2026-12-04T15:00:00Z' },
        stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    const exited = once(child, 'exit').then(([code]) => { throw new Error(`server exited (${code}): ${output}`); });
    const listening = (async () => {
        for await (const chunk of child.stdout) {
            output += chunk;
            const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
            if (match) return match[1];
        }
        throw new Error(`no listening line: ${output}`);
    })();
    base = await Promise.race([listening, exited]);
});

after(() => child?.kill());

async function get(path, account, method = 'GET') {
    const response = await fetch(base + path, { method, headers: account ? { 'x-account-id': account } : {} });
    return { code: response.status, body: await response.json() };
}

test('server: a paid-up account exports (200)', async () => {
    const { code, body } = await get('/api/export', 'paid');
    assert.equal(code, 200);
    assert.equal(body.export.account, 'acct_paid');
});

test('server: in grace with full access the export is still allowed (200)', async () => {
    const status = await get('/api/status', 'warning');
    assert.equal(status.code, 200);
    assert.equal(status.body.state, 'grace');
    assert.equal(status.body.access.level, 'full');
    assert.equal((await get('/api/export', 'warning')).code, 200);
});

test('server: restricted (read-only, exports disabled) answers 403 with the required actions', async () => {
    const { code, body } = await get('/api/export', 'restricted');
    assert.equal(code, 403);
    assert.equal(body.error, 'feature_disabled');
    assert.equal(body.state, 'grace');
    assert.equal(body.stage, 'restricted');
    assert.deepEqual(body.required_actions.map((a) => a.type), ['pay_invoice', 'update_payment_method']);
    assert.equal(body.required_actions[0].invoice_id, 'in_1');
    assert.equal((await get('/api/projects', 'restricted', 'POST')).code, 403);
});

test('server: suspended (access none) answers 402 Payment Required with the required actions', async () => {
    const { code, body } = await get('/api/export', 'suspended');
    assert.equal(code, 402);
    assert.equal(body.error, 'payment_required');
    assert.equal(body.state, 'suspended');
    assert.ok(body.required_actions.length >= 1);
    assert.equal(body.required_actions[0].type, 'pay_invoice');
    assert.deepEqual(body.amount_due, { amount: 4900, currency: 'EUR' });
});

test('server: unknown accounts and routes are 404', async () => {
    assert.equal((await get('/api/export', 'nobody')).code, 404);
    assert.equal((await get('/api/export', '../policy')).code, 404);
    assert.equal((await get('/api/nothing', 'paid')).code, 404);
});
