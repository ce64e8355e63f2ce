// Where the elements get the Respite engine (the wasm module's JS API) from. A page either hands
// one over with provideEngine(), or names the package's index.mjs in
// <meta name="respite-engine" content="/respite/index.mjs">; either way every element on the page
// shares one instance.
let enginePromise = null;
let resolveProvided = null;

export function provideEngine(engineOrPromise) {
  const promise = Promise.resolve(engineOrPromise);
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
    enginePromise = import(url).then((module) => module.createRespite());
  } else {
    enginePromise = new Promise((resolve) => {
      resolveProvided = resolve;
    });
  }
  return enginePromise;
}
