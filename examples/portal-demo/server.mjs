// The Respite portal demo: a mock SaaS app wearing <respite-banner> and <respite-portal>, over a
// small in-memory billing API. Plain node:http, 127.0.0.1 only, no dependencies.
//
//   node examples/portal-demo/server.mjs          # PORT=8080 unless PORT says otherwise
//   import { startServer } from './server.mjs'    # tests: await startServer({ port: 0 })
//
// Routes: /                      the demo page (public/index.html)
//         /embed                 the banner alone, as a host app embeds it (public/embed.html)
//                                both with the account's data and the server's status inline
//                                (?inline=0: without, the elements fetch and evaluate it)
//         /@<version>/<path>     <path> below, cached for good (see "Caching")
//         /demo/*                its script and styles (public/)
//         /web/*                 the web components (web/src/)
//         /respite/*             the wasm package (build/wasm/package/, or RESPITE_PACKAGE_DIR)
//         GET  /api/accounts              the sample accounts, summarised
//         GET  /api/accounts/:id          {policy, account}
//         POST /api/accounts/:id/pay      {invoice_id?, at, grace_started_at?} marks invoices paid
//         POST /api/accounts/:id/payment-method  {at} puts a new card on file
//         POST /api/reset                 reloads every account from disk
// Every response carries Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, watch } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { initialDataScript } from '../../web/src/initial-data.js';

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
// The account the demo page opens without ?account=, the instant its clock starts at without
// ?now=, and the languages of its language menu (public/demo.js and index.html have the same).
const defaultAccount = 'acct_mueller';
const demoStart = '2026-12-04T15:00:00Z';
const supportedLanguages = ['en', 'nl', 'de', 'fr', 'es'];

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

// The pages' scripts, bundled and minified: public/demo.js (the demo page) and public/embed.js
// (the banner alone), each with the web components and the engine's JS (the package's index.mjs
// and respite.mjs) inlined: one request instead of twenty, which matters for the banner's time to
// screen (bench/banner-load.mjs). They are classic scripts (an IIFE), not modules: Chromium keeps
// V8's code cache for a classic script from the HTTP cache and uses it on the next visit, which
// saves compiling the functions a page load runs; for module scripts it does not. Built with
// esbuild (npm ci) once when the server starts, and again only after a file under public/,
// web/src/ or the package changed (a file watcher marks them stale), never per request. Without
// esbuild (or before the wasm package is built) the plain ES modules are served, and the pages
// load them as modules: they work the same, only with more requests.
const bundledScripts = ['demo.js', 'embed.js'];

async function buildPageScripts(publicDir, webDir, packageDir) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return null;
  }
  // No bundles while the package is not built (the pages then say so from /respite/ answers).
  if (!existsSync(join(packageDir, 'index.mjs'))) return null;
  const result = await esbuild.build({
    entryPoints: bundledScripts.map((name) => join(publicDir, name)),
    bundle: true, format: 'iife', target: 'es2022', write: false, logLevel: 'silent',
    minify: true, legalComments: 'none', charset: 'utf8', outdir: publicDir,
    plugins: [{
      name: 'demo-paths',
      setup(build) {
        build.onResolve({ filter: /^\/web\// }, (args) => ({ path: join(webDir, args.path.slice('/web/'.length)) }));
        build.onResolve({ filter: /^\/respite\// }, (args) => ({ path: join(packageDir, args.path.slice('/respite/'.length)) }));
        // The importers (createRespite({ importers: true })) are not used here: left out.
        build.onResolve({ filter: /^\.\/importers\.mjs$/ }, (args) => ({ path: args.path, external: true }));
      },
    }],
  });
  return new Map(result.outputFiles.map((file) => [file.path.slice(publicDir.length + 1), Buffer.from(file.contents)]));
}

const digest = (...parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, 16);
};
const etagOf = (body) => `"${digest(body)}"`;

// Every file under `dir`, recursively (the versioned assets' hash covers them all).
async function listFiles(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const nested = await Promise.all(entries.map((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : entry.isFile() ? [full] : [];
  }));
  return nested.flat().sort();
}

// Static files are kept in memory (with their ETag) and re-read when they change on disk (edit
// and reload).
const fileCache = new Map();

async function cachedFile(file) {
  let info;
  try {
    info = await stat(file);
  } catch {
    return null;
  }
  if (!info.isFile()) return null;
  let cached = fileCache.get(file);
  if (!cached || cached.mtimeMs !== info.mtimeMs || cached.size !== info.size) {
    const body = await readFile(file);
    cached = { mtimeMs: info.mtimeMs, size: info.size, body, etag: etagOf(body) };
    fileCache.set(file, cached);
  }
  return cached;
}

// Caching: a versioned URL (/@<version>/…) names content that never changes, so the browser
// keeps it a year without asking (no request at all on the next load, and V8's code cache for
// the scripts stays valid). Any other URL is revalidated on every use (no-cache + ETag: a 304
// when nothing changed).
const immutableCaching = 'public, max-age=31536000, immutable';

function sendBody(request, response, body, { type, etag, immutable = false, extraHeaders = {} }) {
  const headers = securityHeaders({
    'content-type': type,
    'cache-control': immutable ? immutableCaching : 'no-cache',
    etag,
    ...extraHeaders,
  });
  if (request.headers['if-none-match'] === etag) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  response.writeHead(200, { ...headers, 'content-length': body.length });
  response.end(request.method === 'HEAD' ? undefined : body);
}

async function sendFile(request, response, file, options = {}) {
  const cached = await cachedFile(file);
  if (!cached) return false;
  sendBody(request, response, cached.body, {
    type: mimeTypes[extname(file)] ?? 'application/octet-stream', etag: cached.etag, ...options,
  });
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

// The same engine the pages run (the package's index.mjs and respite.wasm), here in Node: the
// server evaluates the account a page opens, at the page's instant, and puts that status in the
// page, so the banner shows it before its own engine has started. null without the package.
// Loaded once, when the server starts: restart it after rebuilding the package.
async function loadEngine(packageDir) {
  const entry = join(packageDir, 'node.mjs'); // index.mjs with the .wasm read from disk
  if (!existsSync(entry)) return null;
  try {
    const { createRespite } = await import(pathToFileURL(entry).href);
    return await createRespite();
  } catch {
    return null;
  }
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
  const engine = await loadEngine(packageDir);
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

  // The versioned assets: the demo bundle, and one version hash over every file the pages load
  // (public/, web/src/, the wasm package), which /@<version>/… URLs carry. Worked out once at
  // start and again only after a watcher saw a change (a directory that cannot be watched, such
  // as a package folder built later, is compared by its files' size and mtime on each use).
  const watchers = [];
  const stampedDirs = [];
  let stale = true;
  for (const dir of [publicDir, webDir, packageDir]) {
    try {
      const watcher = watch(dir, { recursive: true }, () => { stale = true; });
      watcher.on('error', () => { stale = true; });
      watcher.unref();
      watchers.push(watcher);
    } catch {
      stampedDirs.push(dir);
    }
  }
  let assets = null;
  let building = null;
  const stampOf = async (dirs) => (await Promise.all((await Promise.all(dirs.map(listFiles))).flat()
    .map((file) => stat(file).then((info) => `${file}:${info.size}:${info.mtimeMs}`, () => file)))).join('|');

  async function buildAssets() {
    stale = false;
    const stamp = await stampOf(stampedDirs);
    const built = bundle ? await buildPageScripts(publicDir, webDir, packageDir) : null;
    const hash = createHash('sha256');
    for (const file of (await Promise.all([publicDir, webDir, packageDir].map(listFiles))).flat()) {
      hash.update(file);
      hash.update(await readFile(file).catch(() => ''));
    }
    for (const body of built?.values() ?? []) hash.update(body);
    const version = hash.digest('hex').slice(0, 16);
    const prefix = `/@${version}`;
    // Each bundle as built (for its plain URL) and with the asset URLs in it (the .wasm it
    // compiles) versioned (for its versioned URL), so what a versioned page loads is immutable
    // throughout, and the .wasm is the one the page preloads.
    const scripts = new Map([...built ?? []].map(([name, body]) => {
      const versioned = Buffer.from(body.toString('utf8').replace(/"\/(respite|web|demo)\//g, `"${prefix}/$1/`));
      return [`/demo/${name}`, { body, etag: etagOf(body), versioned, versionedEtag: etagOf(versioned) }];
    }));
    return { version, prefix, stamp, scripts };
  }

  async function pageAssets() {
    if (assets && !stale && !building && (!stampedDirs.length || assets.stamp === await stampOf(stampedDirs))) return assets;
    building ??= buildAssets().then((built) => { assets = built; return built; }).finally(() => { building = null; });
    return building;
  }
  await pageAssets();

  // A page's HTML with its asset URLs versioned (so they are cached for good), sent no-cache.
  // Without the bundles, its scripts are the plain ES modules, loaded as such.
  async function sendPage(request, response, file, rewrite, extraHeaders) {
    const cached = await cachedFile(file);
    const { prefix, scripts } = await pageAssets();
    let text = cached.body.toString('utf8');
    if (!scripts.size) text = text.replace(/<script src="\/demo\//g, '<script type="module" src="/demo/');
    text = text.replace(/(href|src|content)="\/(demo|web|respite)\//g, `$1="${prefix}/$2/`);
    if (rewrite) text = rewrite(text);
    const body = Buffer.from(text);
    sendBody(request, response, body, { type: mimeTypes['.html'], etag: etagOf(body), extraHeaders });
  }

  // Preload the account a page will show while its scripts load.
  function accountPreload(account) {
    if (!state.accounts.has(account)) return {};
    return { link: `</api/accounts/${encodeURIComponent(account)}>; rel=preload; as=fetch; crossorigin=anonymous` };
  }

  const escapeAttribute = (value) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

  async function handle(request, response) {
    const url = new URL(request.url, 'http://localhost');
    let path = url.pathname;
    if (path.startsWith('/api/')) return api(request, response, path);
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendError(response, 405, 'method not allowed');
    if (path === '/' || path === '/index.html' || path === '/embed') {
      // The elements come with their attributes, as a server-rendered app page has them (src for
      // ?account=, now, locale for ?lang=). The demo's script sets the very same values
      // (public/demo.js). The account's {policy, account} and the server's status and timeline of
      // it at the page's instant go in the page as JSON (initial-data), so the banner (and then
      // the portal) paint them before the page's engine has started, and neither element
      // fetches; with ?inline=0 they fetch their data (preloaded) and wait for the page's engine.
      const account = url.searchParams.get('account') || defaultAccount;
      const lang = url.searchParams.get('lang');
      const at = new Date(Date.parse(url.searchParams.get('now') ?? '') || Date.parse(demoStart)).toISOString();
      const entry = state.accounts.get(account);
      const inline = entry && url.searchParams.get('inline') !== '0';
      let data = '';
      if (inline) {
        const snapshot = { policy: state.policies.get(entry.policyName), account: entry.account };
        try {
          if (engine) {
            snapshot.status = engine.evaluate(snapshot.policy, snapshot.account, at);
            if (path !== '/embed') snapshot.timeline = engine.timeline(snapshot.policy, snapshot.account, at);
          }
        } catch {
          // An account the engine refuses: the page's engine says why (respite-error).
        }
        data = `${initialDataScript(snapshot, 'respite-data')}\n`;
      }
      const attributes = [
        ['now', at],
        ['locale', supportedLanguages.includes(lang) ? lang : null],
        ['src', entry ? `/api/accounts/${encodeURIComponent(account)}` : null],
        ['initial-data', inline ? 'respite-data' : null],
      ].filter(([, value]) => value).map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('');
      const page = path === '/embed' ? 'embed.html' : 'index.html';
      return sendPage(request, response, join(publicDir, page),
        (text) => text.replace(/<respite-banner/, (tag) => data + tag)
          .replace(/<(respite-banner|respite-portal)([^>]*)>/g, (tag) => tag.slice(0, -1) + attributes + '>'),
        inline ? {} : accountPreload(account));
    }
    // /@<version>/<path>: <path>, cached for good when <version> is the current one (an older
    // version gets today's file, revalidated like any other URL).
    let immutable = false;
    const versioned = /^\/@([0-9a-f]{16})(\/.*)$/.exec(path);
    if (versioned) {
      immutable = versioned[1] === (await pageAssets()).version;
      path = versioned[2];
    }
    if (bundle && path.startsWith('/demo/')) {
      const script = (await pageAssets()).scripts.get(path);
      if (script) {
        const body = versioned ? script.versioned : script.body;
        const etag = versioned ? script.versionedEtag : script.etag;
        sendBody(request, response, body, { type: mimeTypes['.js'], etag, immutable });
        return undefined;
      }
    }
    let file = null;
    if (path.startsWith('/demo/')) file = inside(publicDir, path.slice('/demo/'.length));
    else if (path.startsWith('/web/')) file = inside(webDir, path.slice('/web/'.length));
    else if (path.startsWith('/respite/')) file = inside(packageDir, path.slice('/respite/'.length));
    else if (path === '/favicon.ico') file = join(publicDir, 'favicon.svg');
    if (file && (await sendFile(request, response, file, { immutable }))) return undefined;
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
    server.once('error', (error) => {
      for (const watcher of watchers) watcher.close();
      reject(error);
    });
    server.listen(port, host, resolveListen);
  });
  const address = server.address();
  const origin = `http://${host}:${address.port}`;
  return {
    server,
    origin,
    port: address.port,
    close: () => new Promise((done) => {
      for (const watcher of watchers) watcher.close();
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
