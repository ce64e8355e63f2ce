// Shared by the wasm tests: where the built package is, and one engine instance per test file.
// RESPITE_WASM_PACKAGE overrides the default build/wasm/package (relative to the repository).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const packageDir = resolve(process.env.RESPITE_WASM_PACKAGE ?? resolve(repoRoot, 'build/wasm/package'));
export const vectorsDir = resolve(repoRoot, 'native-tests/vectors');

if (!existsSync(resolve(packageDir, 'respite.wasm')))
    throw new Error(`no built package in ${packageDir}: run cmake --preset wasm && cmake --build build/wasm`);

// The Node entry point, exactly as `import '@respite/engine'` resolves it under Node.
export const { createRespite, RespiteError } = await import(pathToFileURL(resolve(packageDir, 'node.mjs')).href);
// The browser entry point (tested in Node with the bytes passed in).
export const browserEntry = await import(pathToFileURL(resolve(packageDir, 'index.mjs')).href);

export const respite = await createRespite();

// The vector match rule (docs/vectors.md): objects as subsets, arrays the same length element by
// element, scalars equal. Returns the list of mismatches, each naming its JSON Pointer.
export function mismatches(expected, actual, path = '') {
    if (Array.isArray(expected)) {
        if (!Array.isArray(actual) || actual.length !== expected.length)
            return [`${path || '/'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
        return expected.flatMap((item, i) => mismatches(item, actual[i], `${path}/${i}`));
    }
    if (expected !== null && typeof expected === 'object') {
        if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
            return [`${path || '/'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
        return Object.keys(expected).flatMap((key) => mismatches(expected[key], actual[key], `${path}/${key}`));
    }
    return Object.is(expected, actual) ? []
        : [`${path || '/'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
