// Where the elements get the Respite engine (the wasm module's JS API) from. A page either hands
// one over (provideEngine(), or startEngine() with the package's createRespite bundled into its
// own script), or names the package's index.mjs in
// <meta name="respite-engine" content="/respite/index.mjs">; either way every element on the page
// shares one instance. Both startEngine() and the <meta> start the .wasm's download and
// compilation (streaming, on other threads) at once, in parallel with loading the rest: with the
// <meta>, as soon as this module runs, before any element has data.
//
// The state lives on globalThis, not in this module: the same file reached by two URLs (a
// versioned and a plain one, or a copy inlined in a bundle) is two module instances, and they
// must still share one engine.
const slot = Symbol.for('@respite/web engine');
const shared = (globalThis[slot] ??= { enginePromise: null, resolveProvided: null, intlWarmed: false });

function marked(promise) {
  // A User Timing mark when the engine is ready (for profiling a page load).
  promise.then(() => globalThis.performance?.mark?.('respite-engine-ready'), () => {});
  return promise;
}

export function provideEngine(engineOrPromise) {
  const promise = marked(Promise.resolve(engineOrPromise));
  warmUpIntl();
  if (shared.resolveProvided) {
    shared.resolveProvided(promise);
    shared.resolveProvided = null;
  } else {
    shared.enginePromise = promise;
  }
  return promise;
}

// Fetches and compiles respite.wasm (streaming: compiled on other threads while it downloads);
// null where that is not possible (no compileStreaming, or a server that does not send
// application/wasm), and the package's own loader takes over.
function compileWasm(url) {
  if (typeof WebAssembly === 'undefined' || typeof WebAssembly.compileStreaming !== 'function'
    || typeof fetch !== 'function') return Promise.resolve(null);
  // A plain same-origin GET, as <link rel="preload" as="fetch" crossorigin> makes, so a preload
  // of the .wasm is used rather than fetched again.
  return WebAssembly.compileStreaming(fetch(url, { credentials: 'same-origin' })).catch(() => null);
}

// The engine from the package's createRespite and the URL of its respite.wasm: the .wasm's
// download and compilation start now, in parallel with whatever createRespite still waits for.
function engineFrom(factory, wasmUrl) {
  const compiled = compileWasm(wasmUrl);
  warmUpIntl(); // while the wasm compiles
  return Promise.all([factory, compiled]).then(([createRespite, module]) => createRespite({
    locateFile: (name) => new URL(name, wasmUrl).href, ...(module ? { module } : {}),
  }));
}

// For a page that bundles the package's index.mjs with its own script: starts the page's engine
// at once (call it first thing), from createRespite and the URL of respite.wasm.
//   import { createRespite } from '@respite/engine';
//   startEngine(createRespite, '/assets/respite.wasm');
export function startEngine(createRespite, wasmUrl) {
  return provideEngine(engineFrom(createRespite, new URL(wasmUrl, document.baseURI)));
}

export function getEngine() {
  if (shared.enginePromise) return shared.enginePromise;
  const meta = typeof document !== 'undefined' && document.querySelector('meta[name="respite-engine"]');
  if (meta && meta.content) {
    // index.mjs and respite.wasm (next to it in the package) load side by side.
    const url = new URL(meta.content, document.baseURI);
    shared.enginePromise = marked(engineFrom(import(url.href).then((module) => module.createRespite),
      new URL('respite.wasm', url)));
  } else {
    shared.enginePromise = new Promise((resolve) => {
      shared.resolveProvided = resolve;
    });
  }
  return shared.enginePromise;
}

// Locale data (the time zone database, number and date patterns) is loaded on the first Intl
// formatter a page builds, which costs the main thread 15-20 ms; the engine needs it for its
// first evaluation (zone offsets) and the elements for their text. Paying it in a task of its
// own while the engine's wasm compiles (on other threads) and the page's scripts load takes it
// off the banner's path. (ICU's data is per process: one formatter loads it for all.)
export function warmUpIntl() {
  if (shared.intlWarmed || typeof Intl === 'undefined') return;
  shared.intlWarmed = true;
  setTimeout(() => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', hour: 'numeric' }).format(0);
      new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).format(0);
    } catch {
      // Only a warm-up.
    }
  });
}

if (typeof document !== 'undefined' && document.querySelector('meta[name="respite-engine"]')?.content) {
  getEngine().catch(() => {}); // a failure is reported by the elements that use it
}
