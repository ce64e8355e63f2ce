// The shared vectors (native-tests/vectors/NN-*.json, docs/vectors.md) through the wasm module:
// every status matches its `expect` (objects as subsets, arrays element-wise, scalars equal), and
// when the native CLI is built, evaluateJson's text is byte-identical to `respite evaluate`.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';

import { cli, cliMissing } from './cli.mjs';
import { mismatches, respite, vectorsDir } from './package.mjs';

const vectorFiles = readdirSync(vectorsDir).filter((name) => /^\d+-.+\.json$/.test(name)).sort();
const vectors = vectorFiles.map((file) => ({ file, ...JSON.parse(readFileSync(resolve(vectorsDir, file), 'utf8')) }));

test('vectors: the directory holds evaluation vectors', () => {
    assert.ok(vectors.length >= 10, `${vectors.length} vectors`);
});

describe('vectors: wasm status matches expect', () => {
    for (const v of vectors) {
        test(`${v.file}: ${v.name}`, () => {
            const text = respite.evaluateJson(JSON.stringify(v.policy), JSON.stringify(v.account), v.at);
            const status = JSON.parse(text);
            assert.equal(status.schema, 'respite.status/1', text.slice(0, 500));
            assert.deepEqual(mismatches(v.expect, status), []);
        });
    }
});

describe('vectors: wasm bytes equal the native CLI bytes', { skip: cliMissing }, () => {
    const dir = cliMissing ? null : mkdtempSync(join(tmpdir(), 'respite-vectors-'));
    after(() => dir && rmSync(dir, { recursive: true, force: true }));
    for (const v of vectors) {
        test(v.file, () => {
            const policyFile = join(dir, `${v.file}.policy.json`);
            const accountFile = join(dir, `${v.file}.account.json`);
            writeFileSync(policyFile, JSON.stringify(v.policy));
            writeFileSync(accountFile, JSON.stringify(v.account));
            const native = cli(['evaluate', '--policy', policyFile, '--account', accountFile, '--at', v.at]);
            const wasm = respite.evaluateJson(JSON.stringify(v.policy), JSON.stringify(v.account), v.at);
            assert.equal(wasm + '\n', native);
            const nativeTimeline = cli(['timeline', '--json', '--policy', policyFile, '--account', accountFile, '--at', v.at]);
            assert.deepEqual(respite.timeline(v.policy, v.account, v.at), JSON.parse(nativeTimeline));
        });
    }
});
