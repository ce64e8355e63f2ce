// @respite/engine in Node: the same API; createRespite() reads respite.wasm from the package
// folder unless `wasmBinary` is given.
export * from './index.js';
export { default } from './index.js';
