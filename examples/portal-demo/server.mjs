// The Respite portal demo: a mock SaaS app wearing <respite-banner> and <respite-portal>, over a
// small in-memory billing API. Plain node:http, 127.0.0.1 only, no dependencies.
//
//   node examples/portal-demo/server.mjs          # PORT=8080 unless PORT says otherwise
//   import { startServer } from './server.mjs'    # tests: await startServer({ port: 0 })
//
// Routes: /                      the demo page (public/index.html)
//         /demo/*                its script and styles (public/)
//         /web/*                 the web components (web/src/)
//         /respite/*             the wasm package (build/wasm/package/, or RESPITE_PACKAGE_DIR)
//         GET  /api/accounts              the sample accounts, summarised
//         GET  /api/accounts/:id          {policy, account}
//         POST /api/accounts/:id/pay      {invoice_id?, at, grace_started_at?} marks invoices paid
//         POST /api/accounts/:id/payment-method  {at} puts a new card on file
//         POST /api/reset                 reloads every account from disk
// Every response carries Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../..');

export const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

// Where the wasm package is: RESPITE_PACKAGE_DIR, else build/wasm/package (the agreed place),
// else wherever the wasm CMake subdirectory assembled it.
export function defaultPackageDir() {
  if (process.env.RESPITE_PACKAGE_DIR) return resolve(process.env.RESPITE_PACKAGE_DIR);
  const candidates = [join(root, 'build/wasm/package')];
  return candidates.find((dir) => existsSync(join(dir, 'index.mjs'))) ?? candidates[0];
}

const mimeTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

const maxBody = 64 * 1024;
// The account the demo page opens without ?account= (public/demo.js has the same default).
const defaultAccount = 'acct_mueller';

function securityHeaders(extra = {}) {
  return {
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    ...extra,
  };
}

// API answers are revalidated on every use (no-cache, not no-store: a <link rel=preload> of the
// account the page opens can then be picked up by the component's fetch).
function sendJson(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, securityHeaders({
    'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache',
    'content-length': Buffer.byteLength(text),
  }));
  response.end(text);
}

function sendError(response, status, message) {
  sendJson(response, status, { error: message });
}

// Resolves `relative` inside `base`, refusing anything that climbs out.
function inside(base, relative) {
  let decoded;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const target = normalize(join(base, decoded));
  return target === base || target.startsWith(base + sep) ? target : null;
}

// The demo page's script with the web components inlined: one request instead of twenty, which
// matters for the banner's time to screen (bench/banner-load.mjs). Built with esbuild when it is
// installed (npm ci), rebuilt when a source file changes; without esbuild the plain modules are
// served and the page works the same, only with more requests.
async function bundledDemoScript(publicDir, webDir) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return null;
  }
  const current = bundledDemoScript.cache;
  if (current) {
    const changed = await Promise.all(current.inputs.map(async ([file, mtimeMs]) => {
      try {
        return (await stat(file)).mtimeMs !== mtimeMs;
      } catch {
        return true;
      }
    }));
    if (!changed.includes(true)) return current.body;
  }
  const result = await esbuild.build({
    entryPoints: [join(publicDir, 'demo.js')],
    bundle: true, format: 'esm', target: 'es2022', write: false, metafile: true, logLevel: 'silent',
    legalComments: 'none', charset: 'utf8',
    plugins: [{
      name: 'demo-paths',
      setup(build) {
        build.onResolve({ filter: /^\/web\// }, (args) => ({ path: join(webDir, args.path.slice('/web/'.length)) }));
        build.onResolve({ filter: /^\/respite\// }, (args) => ({ path: args.path, external: true }));
      },
    }],
  });
  const inputs = await Promise.all(Object.keys(result.metafile.inputs).map(async (file) => {
    const absolute = resolve(root, file);
    return [absolute, (await stat(absolute)).mtimeMs];
  }));
  bundledDemoScript.cache = { body: Buffer.from(result.outputFiles[0].contents), inputs };
  return bundledDemoScript.cache.body;
}

// Static files are kept in memory and re-read when they change on disk (edit and reload).
const fileCache = new Map();

async function sendFile(request, response, file, extraHeaders = {}) {
  let info;
  try {
    info = await stat(file);
  } catch {
    return false;
  }
  if (!info.isFile()) return false;
  let cached = fileCache.get(file);
  if (!cached || cached.mtimeMs !== info.mtimeMs || cached.size !== info.size) {
    cached = { mtimeMs: info.mtimeMs, size: info.size, body: await readFile(file) };
    fileCache.set(file, cached);
  }
  const { body } = cached;
  response.writeHead(200, securityHeaders({
    'content-type': mimeTypes[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': 'no-cache',
    ...extraHeaders,
  }));
  response.end(request.method === 'HEAD' ? undefined : body);
  return true;
}

async function readJsonFile(file) {
  return JSON.parse(await readFile(file, 'utf8'));
}

// The sample accounts with their policies, loaded fresh (reset) from disk.
async function loadAccounts(accountsDir, policyDirs) {
  const files = (await readdir(accountsDir)).filter((f) => f.endsWith('.json')).sort();
  const accounts = new Map();
  const policies = new Map();
  for (const file of files) {
    const account = await readJsonFile(join(accountsDir, file));
    const policyName = account.metadata?.demo?.policy ?? 'standard';
    if (!policies.has(policyName)) {
      let policy = null;
      for (const dir of policyDirs) {
        try {
          policy = await readJsonFile(join(dir, `${policyName}.json`));
          break;
        } catch (error) {
          if (error.code !== 'ENOENT') throw new Error(`${policyName}.json: ${error.message}`);
        }
      }
      if (!policy) throw new Error(`${file}: no policy named ${policyName} in ${policyDirs.join(', ')}`);
      policies.set(policyName, policy);
    }
    accounts.set(account.id, { account, policyName });
  }
  return { accounts, policies };
}

async function readBody(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > maxBody) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  if (!size) return {};
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    return body;
  } catch {
    throw Object.assign(new Error('body must be a JSON object'), { status: 400 });
  }
}

// RFC 3339 as the engine writes it: UTC, milliseconds only when non-zero.
function iso(ms) {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function validInstant(value) {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && Number.isFinite(Date.parse(value));
}

function summary({ account, policyName }) {
  const currency = account.subscription?.price?.currency ?? account.invoices?.[0]?.currency ?? null;
  return {
    id: account.id,
    label: account.metadata?.demo?.label ?? account.id,
    name: account.name ?? null,
    locale: account.locale ?? null,
    timezone: account.timezone ?? 'UTC',
    currency,
    policy: policyName,
  };
}

const isUnpaid = (invoice) => (invoice.status === 'open' || invoice.status === 'uncollectible')
  && invoice.amount_due - (invoice.amount_paid ?? 0) > 0;

// Marks the named invoice (or every unpaid one) paid at `at`, as a billing system would after a
// successful charge: a succeeded attempt, and the grace period recorded as recovered.
function pay(entry, body) {
  const { account } = entry;
  if (!validInstant(body.at)) throw Object.assign(new Error('"at" must be an RFC 3339 instant'), { status: 400 });
  const at = iso(Date.parse(body.at));
  const targets = account.invoices.filter((invoice) => isUnpaid(invoice)
    && (body.invoice_id == null || invoice.id === body.invoice_id));
  if (body.invoice_id != null && !targets.length) {
    throw Object.assign(new Error(`no unpaid invoice ${JSON.stringify(String(body.invoice_id))}`), { status: 404 });
  }
  account.payment_attempts ??= [];
  for (const invoice of targets) {
    account.payment_attempts.push({ invoice_id: invoice.id, at, outcome: 'succeeded' });
    invoice.amount_paid = invoice.amount_due;
    invoice.status = 'paid';
  }
  if (targets.length && !account.invoices.some(isUnpaid) && validInstant(body.grace_started_at)
    && Date.parse(body.grace_started_at) <= Date.parse(at)) {
    account.grace_history ??= [];
    account.grace_history.push({ started_at: iso(Date.parse(body.grace_started_at)), ended_at: at, outcome: 'recovered' });
  }
  return targets.map((invoice) => invoice.id);
}

function newPaymentMethod(entry, body) {
  if (!validInstant(body.at)) throw Object.assign(new Error('"at" must be an RFC 3339 instant'), { status: 400 });
  const year = new Date(Date.parse(body.at)).getUTCFullYear() + 3;
  entry.account.payment_method = { type: 'card', brand: 'visa', last4: '4242', expires: `${year}-12` };
}

export async function startServer({
  port = Number(process.env.PORT ?? 8080),
  host = '127.0.0.1',
  packageDir = defaultPackageDir(),
  accountsDir = join(here, 'accounts'),
  policyDirs = [join(here, 'policies'), join(root, 'presets')],
  quiet = false,
  bundle = process.env.RESPITE_DEMO_BUNDLE !== '0',
} = {}) {
  let state = await loadAccounts(accountsDir, policyDirs);
  const publicDir = join(here, 'public');
  const webDir = join(root, 'web/src');

  async function api(request, response, path) {
    if (path === '/api/accounts' && request.method === 'GET') {
      return sendJson(response, 200, [...state.accounts.values()].map(summary));
    }
    if (path === '/api/reset' && request.method === 'POST') {
      state = await loadAccounts(accountsDir, policyDirs);
      return sendJson(response, 200, { reset: true });
    }
    const match = /^\/api\/accounts\/([^/]+)(\/pay|\/payment-method)?$/.exec(path);
    if (!match) return sendError(response, 404, 'not found');
    let id;
    try {
      id = decodeURIComponent(match[1]);
    } catch {
      return sendError(response, 400, 'bad account id');
    }
    const entry = state.accounts.get(id);
    if (!entry) return sendError(response, 404, 'no such account');
    const snapshot = () => ({ policy: state.policies.get(entry.policyName), account: entry.account });
    if (!match[2]) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return sendError(response, 405, 'GET only');
      return sendJson(response, 200, snapshot());
    }
    if (request.method !== 'POST') return sendError(response, 405, 'POST only');
    const body = await readBody(request);
    if (match[2] === '/pay') {
      const paid = pay(entry, body);
      return sendJson(response, 200, { paid, ...snapshot() });
    }
    newPaymentMethod(entry, body);
    return sendJson(response, 200, snapshot());
  }

  async function handle(request, response) {
    const url = new URL(request.url, 'http://localhost');
    const path = url.pathname;
    if (path.startsWith('/api/')) return api(request, response, path);
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendError(response, 405, 'method not allowed');
    let file = null;
    const extraHeaders = {};
    if (path === '/' || path === '/index.html') {
      file = join(publicDir, 'index.html');
      // Start fetching the account the page will show while its scripts load.
      const account = url.searchParams.get('account') || defaultAccount;
      if (state.accounts.has(account)) {
        extraHeaders.link = `</api/accounts/${encodeURIComponent(account)}>; rel=preload; as=fetch; crossorigin=anonymous`;
      }
    }
    else if (path.startsWith('/demo/')) file = inside(publicDir, path.slice('/demo/'.length));
    else if (path.startsWith('/web/')) file = inside(webDir, path.slice('/web/'.length));
    else if (path.startsWith('/respite/')) file = inside(packageDir, path.slice('/respite/'.length));
    else if (path === '/favicon.ico') file = join(publicDir, 'favicon.svg');
    if (path === '/demo/demo.js' && bundle) {
      const body = await bundledDemoScript(publicDir, webDir);
      if (body) {
        response.writeHead(200, securityHeaders({
          'content-type': mimeTypes['.js'], 'content-length': body.length, 'cache-control': 'no-cache',
        }));
        response.end(request.method === 'HEAD' ? undefined : body);
        return undefined;
      }
    }
    if (file && (await sendFile(request, response, file, extraHeaders))) return undefined;
    if (path.startsWith('/respite/')) {
      return sendError(response, 404, `${path} not found: build the wasm package first (cmake --preset wasm && cmake --build build/wasm -j1)`);
    }
    return sendError(response, 404, 'not found');
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      if (!response.headersSent) sendError(response, error.status ?? 500, error.status ? error.message : 'internal error');
      else response.destroy();
      if (!error.status && !quiet) console.error(error);
    });
  });
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolveListen);
  });
  const address = server.address();
  const origin = `http://${host}:${address.port}`;
  return {
    server,
    origin,
    port: address.port,
    close: () => new Promise((done) => {
      server.closeAllConnections?.();
      server.close(() => done());
    }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const packageDir = defaultPackageDir();
  if (!existsSync(join(packageDir, 'index.mjs'))) {
    console.error(`No wasm package in ${packageDir}: build it first (npm run demo does: cmake --preset wasm && cmake --build --preset wasm).`);
    process.exit(1);
  }
  const { origin } = await startServer({ packageDir });
  console.log(`Respite portal demo on ${origin}/  (serving the engine from ${packageDir}; Ctrl+C to stop)`);
}
