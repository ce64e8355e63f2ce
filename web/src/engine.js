// Where the elements get the Respite engine (the wasm module's JS API) from. A page either hands
// one over with provideEngine(), or names the package's index.mjs in
// <meta name="respite-engine" content="/respite/index.mjs">; either way every element on the page
// shares one instance.
let enginePromise = null;
let resolveProvided = null;

function marked(promise) {
  // A User Timing mark when the engine is ready: bench/banner-load.mjs reads it.
  promise.then(() => globalThis.performance?.mark?.('respite-engine-ready'), () => {});
  return promise;
}

export function provideEngine(engineOrPromise) {
  const promise = marked(Promise.resolve(engineOrPromise));
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
    enginePromise = marked(import(url).then((module) => module.createRespite()));
  } else {
    enginePromise = new Promise((resolve) => {
      resolveProvided = resolve;
    });
  }
  return enginePromise;
}
