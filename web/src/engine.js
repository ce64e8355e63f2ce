// Where the elements get the Respite engine (the wasm module's JS API) from. A page either hands
// one over with provideEngine(), or names the package's index.mjs in
// <meta name="respite-engine" content="/respite/index.mjs">; either way every element on the page
// shares one instance. With the <meta>, the engine starts loading as soon as this module runs
// (before any element has data), so its download and compilation overlap the data's fetch.
let enginePromise = null;
let resolveProvided = null;

function marked(promise) {
  // A User Timing mark when the engine is ready (for profiling a page load).
  promise.then(() => globalThis.performance?.mark?.('respite-engine-ready'), () => {});
  return promise;
}

export function provideEngine(engineOrPromise) {
  const promise = marked(Promise.resolve(engineOrPromise));
  warmUpIntl();
  if (resolveProvided) {
    resolveProvided(promise);
    resolveProvided = null;
  } else {
    enginePromise = promise;
  }
  return promise;
}

export function getEngine() {
  if (enginePromise) return enginePromise;
  const meta = typeof document !== 'undefined' && document.querySelector('meta[name="respite-engine"]');
  if (meta && meta.content) {
    const url = new URL(meta.content, document.baseURI).href;
    enginePromise = marked(import(url).then((module) => {
      const engine = module.createRespite();
      warmUpIntl(); // while the wasm compiles
      return engine;
    }));
  } else {
    enginePromise = new Promise((resolve) => {
      resolveProvided = resolve;
    });
  }
  return enginePromise;
}

// Locale data (the time zone database, number and date patterns) is loaded on the first Intl
// formatter a page builds, which costs the main thread tens of milliseconds; the engine needs it
// for its first evaluation (zone offsets) and the elements for their text. Paying it in a task of
// its own while the engine's wasm compiles (on another thread) takes it off the banner's path.
let intlWarmed = false;
export function warmUpIntl() {
  if (intlWarmed || typeof Intl === 'undefined') return;
  intlWarmed = true;
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
