// @respite/engine — the importers: billing providers' API objects → a respite.account/1 snapshot,
// from the same C++ code as `respite import` (core/src/import_*.cpp) in a module of its own
// (respite-import.mjs + respite-import.wasm). index.mjs loads this file only when asked:
//
//   const respite = await createRespite({ importers: true });
//   const { account, unmapped } = respite.importStripe([customer, invoice, charge]);
//
// Not an entry point of its own: createRespite() adds what importCalls() returns to the engine.
import createRespiteImportModule from './respite-import.mjs';
import { RespiteError } from './index.mjs';

const ERROR_SCHEMA = 'respite.error/1';

// The per-provider calls: respite.importStripe(objects) is respite.importAccount('stripe', objects).
const PROVIDER_CALLS = {
    importStripe: 'stripe',
    importPaddle: 'paddle',
    importChargebee: 'chargebee',
    importRecurly: 'recurly',
    importRevenueCat: 'revenuecat',
};

const isBytes = (value) => value instanceof Uint8Array || value instanceof ArrayBuffer;

// What the core reads: UTF-8 text holding one or more JSON values. A string or bytes (a file as
// read) pass through untouched, so the core reports invalid JSON with its byte offset; a list of
// strings or bytes is joined with newlines, as `respite import` joins its files (error paths then
// number the values across them: /0, /1, …); anything else — an object, an array of objects — is
// serialised.
function toInput(objects) {
    if (typeof objects === 'string' || isBytes(objects)) return objects;
    if (objects === undefined) throw new RespiteError([{ path: '', code: 'missing_field', message: 'objects is required' }]);
    if (Array.isArray(objects) && objects.length > 0 && objects.every((o) => typeof o === 'string' || isBytes(o))) {
        const encoder = new TextEncoder();
        const parts = objects.map((o) => (typeof o === 'string' ? encoder.encode(o) : new Uint8Array(o)));
        const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length + 1, 0));
        let at = 0;
        for (const part of parts) {
            joined.set(part, at);
            joined[at + part.length] = 0x0a;
            at += part.length + 1;
        }
        return joined;
    }
    let text;
    try {
        text = JSON.stringify(objects);
    } catch (cause) {
        throw new RespiteError([{ path: '', code: 'invalid_json', message: `cannot serialise the objects: ${cause.message}` }]);
    }
    if (text === undefined) throw new RespiteError([{ path: '', code: 'wrong_type', message: 'objects must be JSON text, an object or an array' }]);
    return text;
}

/**
 * Instantiates respite-import.wasm and returns the import calls that createRespite() adds to the
 * engine. `options.importers`: `true`, or `{ wasmBinary, locateFile }` for this module (in Node,
 * node.mjs passes the bytes); `locateFile` defaults to the engine's own option.
 */
export async function importCalls(options, engineVersion) {
    const own = typeof options.importers === 'object' && options.importers !== null ? options.importers : {};
    const moduleOptions = {};
    if (own.wasmBinary !== undefined) moduleOptions.wasmBinary = own.wasmBinary;
    const locateFile = own.locateFile ?? options.locateFile;
    if (locateFile !== undefined) moduleOptions.locateFile = locateFile;
    const core = await createRespiteImportModule(moduleOptions);
    // Both files come from the same build: a cached respite-import.wasm of another release would
    // write accounts the engine might read differently.
    if (engineVersion !== undefined && core.version() !== engineVersion)
        throw new Error(`respite-import.wasm is version ${core.version()}, respite.wasm ${engineVersion}: serve both from the same build`);
    const providers = Object.freeze(core.importProviders().split(','));

    // The envelope text: respite.import/1, or respite.error/1 on bad input. Never throws for bad
    // provider data (only for an argument that is not text at all: objects undefined).
    const importText = (provider, objects) => core.importJson(String(provider), toInput(objects));

    function importAccount(provider, objects) {
        const text = importText(provider, objects);
        const document = JSON.parse(text);
        if (document.schema === ERROR_SCHEMA) throw new RespiteError(document.errors);
        return { account: document.account, unmapped: document.unmapped };
    }

    const calls = {
        importAccount,

        importJson(provider, objects) {
            try {
                return importText(provider, objects);
            } catch (error) {
                if (!(error instanceof RespiteError)) throw error;
                return JSON.stringify({ schema: ERROR_SCHEMA, errors: error.errors });
            }
        },

        importProviders: () => [...providers],

        /** Diagnostic (tests): bytes the import module's malloc has handed out. Not a stable API. */
        _importHeapInUse: () => core.heapInUse(),
    };
    for (const [name, provider] of Object.entries(PROVIDER_CALLS))
        calls[name] = (objects) => importAccount(provider, objects);
    return calls;
}
