// A server-side access check in plain node:http with the Respite wasm module: the protected route
// /api/export answers 402 or 403 with the required actions when the account's grace stage
// forbids it — the same decision the in-app banner shows, from the same engine and bytes.
//
//   RESPITE_NOW=2026-12-04T15:00:00Z PORT=8080 node examples/server-check-node/server.mjs
//   curl -i -H 'X-Account-Id: restricted' http://127.0.0.1:8080/api/export
//
// Env: PORT (default 8080; 0 picks a free port), RESPITE_NOW (a fixed clock for demos and tests;
// default: the real time), RESPITE_WASM_PACKAGE (default build/wasm/package; an app would
// `import { createRespite } from '@respite/engine'` instead).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const packageDir = resolve(process.env.RESPITE_WASM_PACKAGE ?? resolve(here, '../../build/wasm/package'));
const { createRespite, RespiteError } = await import(pathToFileURL(resolve(packageDir, 'node.mjs')).href);

const respite = await createRespite();
const now = () => (process.env.RESPITE_NOW ? process.env.RESPITE_NOW : new Date());

// In a real app the account comes from the session and the billing system; here from files:
// accounts/<id>.json, chosen with the X-Account-Id header or ?account=<id>.
async function loadAccount(id) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
    try {
        return await readFile(resolve(here, 'accounts', `${id}.json`), 'utf8');
    } catch (error) {
        if (error.code === 'ENOENT') return null;
        throw error;
    }
}

// May this account use `feature` now? The status decides; the answer carries what the customer
// must do. none → 402 Payment Required (suspended or canceled: paying restores access);
// a feature the stage disables, or a write while read-only → 403 Forbidden.
// (The same rule as examples/server-check-cpp.)
function gate(status, feature, write) {
    const { level, disabled_features: disabled } = status.access;
    if (level === 'none') return { code: 402, error: 'payment_required', reason: `access none (${status.state})` };
    if (disabled.includes(feature))
        return { code: 403, error: 'feature_disabled', reason: `${feature} is disabled in stage ${status.stage?.name}` };
    if (write && level === 'read_only') return { code: 403, error: 'read_only', reason: 'the account is read-only' };
    return { code: 200 };
}

function send(response, code, body) {
    const text = JSON.stringify(body);
    response.writeHead(code, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    response.end(text);
}

async function handle(request, response) {
    const url = new URL(request.url, 'http://localhost');
    if (url.pathname === '/') {
        send(response, 200, { routes: ['GET /api/status', 'GET /api/export', 'POST /api/projects'],
                              account: 'X-Account-Id header or ?account=', accounts: ['paid', 'warning', 'restricted', 'suspended'] });
        return;
    }
    const routes = {
        'GET /api/status': null,                                // what the banner shows
        'GET /api/export': { feature: 'exports', write: false }, // the protected route
        'POST /api/projects': { feature: 'api_write', write: true },
    };
    const key = `${request.method} ${url.pathname}`;
    if (!(key in routes)) {
        send(response, 404, { error: 'not_found' });
        return;
    }
    const id = request.headers['x-account-id'] ?? url.searchParams.get('account') ?? '';
    const [policyText, accountText] = await Promise.all([readFile(resolve(here, 'policy.json'), 'utf8'), loadAccount(id)]);
    if (accountText === null) {
        send(response, 404, { error: 'unknown_account', account: id });
        return;
    }

    let status;
    try {
        status = respite.evaluate(policyText, accountText, now());
    } catch (error) {
        if (!(error instanceof RespiteError)) throw error;
        // Our own billing data is wrong: a server error, with the engine's precise paths.
        send(response, 500, { error: 'invalid_billing_data', errors: error.errors });
        return;
    }
    const route = routes[key];
    if (route === null) {
        send(response, 200, status);
        return;
    }
    const verdict = gate(status, route.feature, route.write);
    if (verdict.code !== 200) {
        send(response, verdict.code, {
            error: verdict.error,
            message: verdict.reason,
            state: status.state,
            stage: status.stage?.name ?? null,
            amount_due: status.amount_due,
            deadline: status.banner.params.deadline ?? null,
            required_actions: status.required_actions,
        });
        return;
    }
    if (key === 'GET /api/export') send(response, 200, { export: { account: status.account_id, rows: [] } });
    else send(response, 201, { created: true });
}

const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
        console.error(error);
        if (!response.headersSent) send(response, 500, { error: 'internal' });
        else response.destroy();
    });
});
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
    console.log(`respite server-check listening on http://127.0.0.1:${server.address().port}`);
});
