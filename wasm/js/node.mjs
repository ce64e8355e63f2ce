// @respite/engine for Node: the same API as index.mjs, reading respite.wasm (and, with
// { importers: true }, respite-import.wasm) from the package folder (Emscripten 3.1.6's web glue
// cannot fetch a file path under Node 20, so the bytes are passed in as wasmBinary).
import { readFile } from 'node:fs/promises';
import { createRespite as createWithOptions, RespiteError } from './index.mjs';

export { RespiteError };

let wasmBytes; // read once per process, shared by every instance
let importWasmBytes;

export async function createRespite(options = {}) {
    const importers = options.importers;
    if (importers && (typeof importers !== 'object' || importers.wasmBinary === undefined)) {
        importWasmBytes ??= readFile(new URL('./respite-import.wasm', import.meta.url));
        const own = typeof importers === 'object' ? importers : {};
        options = { ...options, importers: { ...own, wasmBinary: await importWasmBytes } };
    }
    if (options.wasmBinary !== undefined) return createWithOptions(options);
    wasmBytes ??= readFile(new URL('./respite.wasm', import.meta.url));
    return createWithOptions({ ...options, wasmBinary: await wasmBytes });
}

export default createRespite;
