// Parity: 2,000 accounts from `respite generate --seed 11`, evaluated by the native
// `respite batch` and by wasm evaluateJson at three instants, give byte-identical NDJSON lines.
// Also: generateAccount(seed, i) in wasm gives the same bytes as the native generator.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';

import { cli, cliMissing } from './cli.mjs';
import { repoRoot, respite } from './package.mjs';

const count = Number(process.env.RESPITE_PARITY_ACCOUNTS ?? 2000);
const instants = ['2026-12-04T16:00:00Z', '2026-12-20T09:30:00.250Z', '2027-03-28T01:00:00Z'];
const policyFile = resolve(repoRoot, 'presets/stripe-default.json');

describe('parity: native and wasm give the same bytes', { skip: cliMissing }, () => {
    const dir = cliMissing ? null : mkdtempSync(join(tmpdir(), 'respite-parity-'));
    after(() => dir && rmSync(dir, { recursive: true, force: true }));
    const ndjson = cliMissing ? '' : cli(['generate', '--accounts', String(count), '--seed', '11']);
    const accounts = ndjson.split('\n').filter((line) => line.length > 0);
    const accountsFile = dir && join(dir, 'accounts.ndjson');
    if (dir) writeFileSync(accountsFile, ndjson);

    test(`generate: ${count} accounts, the same bytes as generateAccount(11, i)`, () => {
        assert.equal(accounts.length, count);
        const mismatched = [];
        for (let i = 0; i < accounts.length; i++) {
            if (JSON.stringify(respite.generateAccount(11, i)) !== accounts[i]) mismatched.push(i);
        }
        assert.deepEqual(mismatched.slice(0, 10), [], `${mismatched.length} accounts differ`);
    });

    for (const at of instants) {
        test(`batch at ${at}: every line byte-identical`, () => {
            const native = cli(['batch', '--quiet', '--threads', '1', '--policy', policyFile, '--at', at, accountsFile])
                .split('\n');
            assert.equal(native.pop(), '', 'output ends with a newline');
            assert.equal(native.length, accounts.length);
            const policyText = readFileSync(policyFile, 'utf8');
            let differing = 0;
            let first = null;
            for (let i = 0; i < accounts.length; i++) {
                const wasm = respite.evaluateJson(policyText, accounts[i], at);
                // batch adds the line number to an error record: {"schema":"respite.error/1","line":N,…
                const expected = native[i].replace(/^(\{"schema":"respite\.error\/1",)"line":\d+,/, '$1');
                if (wasm !== expected) {
                    differing++;
                    first ??= { line: i + 1, native: native[i].slice(0, 400), wasm: wasm.slice(0, 400) };
                }
            }
            assert.equal(differing, 0, `${differing} lines differ; first: ${JSON.stringify(first, null, 1)}`);
        });
    }
});
