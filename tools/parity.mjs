// Parity at scale: the native `respite batch` output against the wasm module's evaluateJson, line
// by line, byte for byte. Driven by tools/parity.sh (which builds what is missing and writes the
// native outputs); this file only compares.
//   node tools/parity.mjs ACCOUNTS.ndjson POLICY.json AT NATIVE.ndjson [POLICY AT NATIVE]...
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const packageDir = resolve(process.env.RESPITE_WASM_PACKAGE ?? resolve(repoRoot, 'build/wasm/package'));
const { createRespite } = await import(pathToFileURL(resolve(packageDir, 'node.mjs')).href);
const respite = await createRespite();

const [accountsFile, ...runs] = process.argv.slice(2);
if (!accountsFile || runs.length === 0 || runs.length % 3 !== 0) {
    console.error('usage: node tools/parity.mjs ACCOUNTS.ndjson (POLICY.json AT NATIVE.ndjson)...');
    process.exit(2);
}
const accounts = readFileSync(accountsFile, 'utf8').split('\n').filter((line) => line.length > 0);

let compared = 0;
let differing = 0;
let errors = 0;
const examples = [];
const started = Date.now();
for (let r = 0; r < runs.length; r += 3) {
    const [policyFile, at, nativeFile] = runs.slice(r, r + 3);
    const policyText = readFileSync(policyFile, 'utf8');
    const native = readFileSync(nativeFile, 'utf8').split('\n');
    if (native.pop() !== '' || native.length !== accounts.length) {
        console.error(`${nativeFile}: ${native.length} lines for ${accounts.length} accounts`);
        process.exit(1);
    }
    for (let i = 0; i < accounts.length; i++) {
        const wasm = respite.evaluateJson(policyText, accounts[i], at);
        // batch puts the line number into an error record: {"schema":"respite.error/1","line":N,…
        const expected = native[i].replace(/^(\{"schema":"respite\.error\/1",)"line":\d+,/, '$1');
        if (expected.startsWith('{"schema":"respite.error/1"')) errors++;
        compared++;
        if (wasm !== expected) {
            differing++;
            if (examples.length < 3)
                examples.push({ policy: policyFile, at, line: i + 1, native: expected.slice(0, 600), wasm: wasm.slice(0, 600) });
        }
    }
    console.log(`parity ${policyFile.split('/').pop()} at ${at}: ${accounts.length} accounts`);
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`parity: ${compared} evaluations compared (${accounts.length} accounts × ${runs.length / 3} runs, ` +
            `${errors} error documents), ${differing} differ, ${seconds} s`);
if (differing) {
    console.log(JSON.stringify(examples, null, 1));
    process.exit(1);
}
