// The package in a real browser (Debian's Chromium through playwright-core) under the strict CSP
// the README asks for — `script-src 'self' 'wasm-unsafe-eval'` — loading respite.wasm (and, with
// { importers: true }, respite-import.wasm) next to the module (the default locateFile), with
// Chromium's own Intl for the zones. Skipped when
// playwright-core (root package.json) or /usr/bin/chromium is absent.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';

import { createRespite, packageDir, repoRoot, respite, vectorsDir } from './package.mjs';

const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
let playwright = null;
try {
    playwright = await import('playwright-core');
} catch {
    playwright = null;
}
const skip = !playwright ? 'playwright-core not installed (npm ci at the repository root)'
    : !existsSync(chromium) ? `no Chromium at ${chromium}` : false;

const csp = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";
const types = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json' };
const vector = JSON.parse(readFileSync(resolve(vectorsDir, '15-dst-amsterdam-spring-before.json'), 'utf8'));
// The importers (respite-import.wasm, fetched only with { importers: true }) on a Stripe webhook.
const importFixture = readFileSync(resolve(repoRoot, 'native-tests/import/stripe/02-three-d-secure-event.json'), 'utf8');

const page = `<!doctype html><meta charset="utf-8"><title>respite</title><script type="module" src="/page.mjs"></script>`;
const script = `
const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
try {
    const { createRespite, RespiteError } = await import('/package/index.mjs');
    const respite = await createRespite();
    const vector = await (await fetch('/vector.json')).json();
    let unknownZone = null;
    try { respite.evaluate(vector.policy, { ...vector.account, timezone: 'Atlantis/Capital' }, vector.at); }
    catch (e) { unknownZone = e instanceof RespiteError ? e.errors : String(e); }
    const result = {
        violations,
        version: respite.version,
        text: respite.evaluateJson(JSON.stringify(vector.policy), JSON.stringify(vector.account), vector.at),
        amsterdam: [respite._zoneOffset('Europe/Amsterdam', '2027-03-28T00:59:59Z'), respite._zoneOffset('Europe/Amsterdam', '2027-03-28T01:00:00Z')],
        newYork: [respite._zoneOffset('America/New_York', '2027-03-14T06:59:59Z'), respite._zoneOffset('America/New_York', '2027-03-14T07:00:00Z')],
        kolkata: respite._zoneOffset('Asia/Kolkata', '2027-01-01T00:00:00Z'),
        unknownZone,
        mainOnlyImport: (() => { try { respite.importStripe('{}'); return 'no error'; } catch (e) { return e.message; } })(),
    };
    const importing = await createRespite({ importers: true });
    const objects = await (await fetch('/import.json')).text();
    result.imported = importing.importJson('stripe', objects);
    result.importedStatus = importing.evaluate(importing.preset('standard'), importing.importStripe(objects).account, vector.at).schema;
    window.__result = result;
} catch (error) {
    window.__result = { error: String(error && error.stack || error), violations };
}
`;

let server;
let base;
let profile;
let context;

before(async () => {
    if (skip) return;
    server = createServer((request, response) => {
        const url = new URL(request.url, 'http://localhost');
        const headers = { 'content-security-policy': csp, 'cache-control': 'no-store' };
        let body = null;
        let type = 'text/html';
        if (url.pathname === '/') body = page;
        else if (url.pathname === '/page.mjs') [body, type] = [script, types['.mjs']];
        else if (url.pathname === '/vector.json') [body, type] = [JSON.stringify(vector), types['.json']];
        else if (url.pathname === '/import.json') [body, type] = [importFixture, types['.json']];
        else if (url.pathname.startsWith('/package/')) {
            const file = resolve(packageDir, url.pathname.slice('/package/'.length));
            if (file.startsWith(packageDir) && existsSync(file)) [body, type] = [readFileSync(file), types[extname(file)] ?? 'application/octet-stream'];
        }
        if (body === null) {
            response.writeHead(404, headers).end();
            return;
        }
        response.writeHead(200, { ...headers, 'content-type': type }).end(body);
    });
    await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
    base = `http://127.0.0.1:${server.address().port}`;
    profile = mkdtempSync(join(tmpdir(), 'respite-chromium-'));
    context = await playwright.chromium.launchPersistentContext(profile, {
        executablePath: chromium,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
});

after(async () => {
    await context?.close();
    server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
});

test('browser: the module runs in Chromium under script-src \'self\' \'wasm-unsafe-eval\'', { skip }, async () => {
    const tab = await context.newPage();
    const consoleErrors = [];
    tab.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    await tab.goto(`${base}/`);
    await tab.waitForFunction(() => window.__result !== undefined, null, { timeout: 15000 });
    const result = await tab.evaluate(() => window.__result);
    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(result.violations, []);
    assert.deepEqual(consoleErrors, []);
    assert.equal(result.version, respite.version);
    // Chromium's Intl and Node's agree, and the bytes are Node's (and so the native build's).
    assert.equal(result.text, respite.evaluateJson(JSON.stringify(vector.policy), JSON.stringify(vector.account), vector.at));
    assert.deepEqual(result.amsterdam, [3600, 7200]);
    assert.deepEqual(result.newYork, [-18000, -14400]);
    assert.equal(result.kolkata, 19800);
    assert.deepEqual(result.unknownZone.map(({ path, code }) => ({ path, code })),
                     [{ path: '/account/timezone', code: 'unknown_time_zone' }]);
    // The import module, fetched next to the engine under the same CSP, writes Node's bytes.
    assert.match(result.mainOnlyImport, /createRespite\(\{ importers: true \}\)/);
    const importing = await createRespite({ importers: true });
    assert.equal(result.imported, importing.importJson('stripe', importFixture));
    assert.match(result.imported, /^\{"schema":"respite\.import\/1"/);
    assert.equal(result.importedStatus, 'respite.status/1');
});

