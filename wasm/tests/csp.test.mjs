// Strict CSP: the shipped JavaScript evaluates no strings (linked with -sDYNAMIC_EXECUTION=0),
// so the module runs under `script-src 'self' 'wasm-unsafe-eval'`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';

import { packageDir } from './package.mjs';

test('csp: no new Function and no eval( in any shipped JS file', () => {
    const files = readdirSync(packageDir).filter((name) => /\.(mjs|js|cjs)$/.test(name));
    assert.ok(files.includes('respite.mjs') && files.includes('index.mjs') && files.includes('node.mjs'));
    for (const name of files) {
        const text = readFileSync(resolve(packageDir, name), 'utf8');
        assert.doesNotMatch(text, /new\s+Function/, `${name}: new Function`);
        assert.doesNotMatch(text, /\beval\s*\(/, `${name}: eval(`);
    }
});
