// @respite/engine — the Respite grace-period engine (C++ core compiled to WebAssembly).
//
//   import { createRespite, RespiteError } from '@respite/engine';
//   const respite = await createRespite();
//   const status = respite.evaluate(policy, account, '2026-12-04T15:00:00Z');
//
// Errors: the object-level calls (evaluate, timeline, preset) throw a RespiteError whose
// `errors` are the same [{path, code, message}] the native build reports; evaluateJson never
// throws and returns the respite.error/1 document as text. The module keeps working after any
// error: the core is exception-free and reports bad input as data.
// Types: index.d.ts. In Node, import '@respite/engine' resolves to node.mjs, which reads the
// .wasm bytes from the package folder.
import createRespiteModule from './respite.mjs';

const ERROR_SCHEMA = 'respite.error/1';

/** Bad input, reported with the core's error list (JSON Pointer paths, stable codes). */
export class RespiteError extends Error {
    constructor(errors) {
        errors = Array.isArray(errors) ? errors : [];
        const first = errors[0];
        const where = first && first.path ? ` at ${first.path}` : '';
        const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
        super(first ? `${first.code}${where}: ${first.message}${more}` : 'invalid input');
        this.name = 'RespiteError';
        this.errors = errors;
    }
}

function fail(path, code, message) {
    return new RespiteError([{ path, code, message }]);
}

// A document as JSON text: strings pass through untouched (the core reports invalid_json with
// the byte offset); anything else is serialised.
function toText(document, path) {
    if (typeof document === 'string') return document;
    if (document === undefined) throw fail(path, 'missing_field', `${path.slice(1)} is required`);
    let text;
    try {
        text = JSON.stringify(document);
    } catch (cause) {
        throw fail(path, 'invalid_json', `cannot serialise ${path.slice(1)}: ${cause.message}`);
    }
    if (text === undefined) throw fail(path, 'wrong_type', `${path.slice(1)} must be an object`);
    return text;
}

// The evaluation instant as RFC 3339 text; a string is left for the core to judge.
function toInstantText(at) {
    if (typeof at === 'string') return at;
    if (at instanceof Date) {
        if (Number.isNaN(at.getTime())) throw fail('/at', 'invalid_instant', 'at is an invalid Date');
        return at.toISOString();
    }
    throw fail('/at', 'invalid_instant', 'at must be an RFC 3339 string or a Date (the engine has no clock)');
}

function parseDocument(text) {
    const document = JSON.parse(text);
    if (document.schema === ERROR_SCHEMA) throw new RespiteError(document.errors);
    return document;
}

/**
 * Instantiates the engine. Options (all optional): `module` (respite.wasm already compiled: a
 * WebAssembly.Module or a promise for one, e.g. from WebAssembly.compileStreaming started early
 * in a page load), `wasmBinary` (the bytes of respite.wasm; needed in Node, where node.mjs passes
 * them for you), `locateFile(name, prefix)` (where the browser fetches respite.wasm from;
 * default: next to this module), `importers` (importers.mjs).
 */
export async function createRespite(options = {}) {
    const moduleOptions = {};
    if (options.wasmBinary !== undefined) moduleOptions.wasmBinary = options.wasmBinary;
    if (options.locateFile !== undefined) moduleOptions.locateFile = options.locateFile;
    let instantiateFailure = null; // with `module`: rejects when instantiating it fails
    if (options.module !== undefined) {
        // Emscripten's hook for instantiating the module ourselves. A failure must reject
        // createRespite: the glue would wait for the instance for ever.
        let fail;
        instantiateFailure = new Promise((resolve, reject) => { fail = reject; });
        moduleOptions.instantiateWasm = (imports, receiveInstance) => {
            Promise.resolve(options.module)
                .then(async (module) => receiveInstance(await WebAssembly.instantiate(module, imports), module))
                .catch(fail);
            return {};
        };
    }
    const ready = createRespiteModule(moduleOptions);
    const core = await (instantiateFailure ? Promise.race([ready, instantiateFailure]) : ready);
    const importCalls = options.importers ? await (await import('./importers.mjs')).importCalls(options, core.version())
        : Object.fromEntries('Account Json Providers Stripe Paddle Chargebee Recurly RevenueCat'.split(' ').map((name) => [
            `import${name}`, () => { throw Error(`respite.import${name}: the importers are not loaded: use createRespite({ importers: true })`); }]));

    // The fast path: UTF-8 straight into wasm memory and back (bindings.cpp, fast_path.hpp).
    // The policy text is sent only when it differs from the previous call's.
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    let lastPolicyText = null;
    function evaluateText(policyText, accountText, atText) {
        const samePolicy = policyText === lastPolicyText;
        // UTF-8 needs at most 3 bytes per UTF-16 code unit.
        const room = 3 * ((samePolicy ? 0 : policyText.length) + accountText.length + atText.length);
        const address = core.inputAddress(room);
        const input = core.HEAPU8.subarray(address, address + room); // after any memory growth
        let used = 0;
        let policyBytes = 0;
        if (!samePolicy) used = policyBytes = encoder.encodeInto(policyText, input).written;
        const accountBytes = encoder.encodeInto(accountText, input.subarray(used)).written;
        used += accountBytes;
        const atBytes = encoder.encodeInto(atText, input.subarray(used)).written;
        const length = samePolicy ? core.evaluateInputSamePolicy(accountBytes, atBytes)
                                  : core.evaluateInput(policyBytes, accountBytes, atBytes);
        lastPolicyText = policyText;
        const output = core.outputAddress();
        return decoder.decode(core.HEAPU8.subarray(output, output + length));
    }

    const respite = {
        version: core.version(),

        evaluate(policy, account, at) {
            return parseDocument(evaluateText(toText(policy, '/policy'), toText(account, '/account'),
                                              toInstantText(at)));
        },

        evaluateJson(policyText, accountText, at) {
            try {
                return evaluateText(toText(policyText, '/policy'), toText(accountText, '/account'),
                                    toInstantText(at));
            } catch (error) {
                if (!(error instanceof RespiteError)) throw error;
                return JSON.stringify({ schema: ERROR_SCHEMA, errors: error.errors });
            }
        },

        timeline(policy, account, at) {
            return parseDocument(core.timelineJson(toText(policy, '/policy'),
                                                   toText(account, '/account'), toInstantText(at)));
        },

        validate(document) {
            let text;
            try {
                text = toText(document, '');
            } catch (error) {
                if (!(error instanceof RespiteError)) throw error;
                return { ok: false, errors: error.errors };
            }
            const result = JSON.parse(core.validateJson(text));
            if (result.schema === ERROR_SCHEMA) return { ok: false, errors: result.errors };
            return { ok: true, ...result };
        },

        presets() {
            const list = [];
            const count = core.presetCount();
            for (let i = 0; i < count; i++) list.push({ name: core.presetName(i), summary: core.presetSummary(i) });
            return list;
        },

        preset(name) {
            const text = typeof name === 'string' ? core.presetJson(name) : '';
            if (text === '') throw fail('', 'unknown_preset', `no preset named ${JSON.stringify(String(name))}`);
            return JSON.parse(text);
        },

        generateAccount(seed, index, around) {
            for (const [label, value] of [['seed', seed], ['index', index]]) {
                if (!Number.isSafeInteger(value) || value < 0)
                    throw fail(`/${label}`, 'invalid_value', `${label} must be a non-negative safe integer`);
            }
            const aroundMs = around instanceof Date ? around.getTime()
                : typeof around === 'string' ? Date.parse(around) : NaN;
            if (around !== undefined && Number.isNaN(aroundMs))
                throw fail('/around', 'invalid_instant', 'around must be an RFC 3339 string or a Date');
            return JSON.parse(core.generateAccount(seed, index, aroundMs));
        },

        // Diagnostics (tests, benchmarks): not part of the stable API.
        /** Bytes of wasm linear memory (grows, never shrinks). */
        _heapBytes: () => core.memoryBytes(),
        /** Bytes malloc has handed out and not taken back. */
        _heapInUse: () => core.heapInUse(),
        /** The host zone source on its own: UTC offset in seconds, or null for an unknown zone. */
        _zoneOffset(zone, at) {
            const ms = typeof at === 'number' ? at : at instanceof Date ? at.getTime() : Date.parse(at);
            const offset = core.zoneOffset(String(zone), ms);
            return Number.isNaN(offset) ? null : offset;
        },
        ...importCalls,
    };
    return Object.freeze(respite);
}

export default createRespite;
