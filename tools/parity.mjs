// Parity at scale: the native `respite batch` output against the wasm module's evaluateJson, line
// by line, byte for byte. Driven by tools/parity.sh (which builds what is missing and writes the
// native outputs); this file only compares.
//   node tools/parity.mjs ACCOUNTS.ndjson POLICY.json AT NATIVE.ndjson [POLICY AT NATIVE]...
//   node tools/parity.mjs --triples CLI DIR...   fuzz corpus files "policy \x1E account \x1E at":
//                                                 `respite evaluate` against evaluateJson
//   node tools/parity.mjs --accounts CLI DIR...  fuzz corpus accounts: `respite batch` under every
//                                                 preset against evaluateJson
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const packageDir = resolve(process.env.RESPITE_WASM_PACKAGE ?? resolve(repoRoot, 'build/wasm/package'));
const { createRespite } = await import(pathToFileURL(resolve(packageDir, 'node.mjs')).href);
const respite = await createRespite();


// Only texts that are UTF-8 go both ways unchanged (a JS string cannot hold other bytes).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function utf8(bytes) {
    try {
        return strictUtf8.decode(bytes);
    } catch {
        return null;
    }
}

if (process.argv[2] === '--accounts') {
    // Fuzz corpus accounts (one line each) through `respite batch` under every preset.
    const [cli, ...dirs] = process.argv.slice(3);
    const work = mkdtempSync(join(tmpdir(), 'respite-parity-'));
    const lines = [];
    for (const dir of dirs)
        for (const name of readdirSync(dir)) {
            const text = utf8(readFileSync(join(dir, name)));
            if (text !== null && !/[\n\r]/.test(text) && text.trim() !== '' && !text.startsWith('\ufeff')) lines.push(text);
        }
    writeFileSync(join(work, 'accounts.ndjson'), lines.join('\n') + '\n');
    let compared = 0, differing = 0;
    const examples = [];
    for (const preset of readdirSync(join(repoRoot, 'presets')).filter((f) => f.endsWith('.json'))) {
        const policyFile = join(repoRoot, 'presets', preset);
        const policyText = readFileSync(policyFile, 'utf8');
        for (const at of ['2026-12-04T16:00:00Z', '2026-11-10T00:00:00.001Z']) {
            const run = spawnSync(cli, ['batch', '--quiet', '--threads', '1', '--policy', policyFile, '--at', at,
                                        join(work, 'accounts.ndjson')], { encoding: 'utf8', maxBuffer: 1 << 30 });
            const native = run.stdout.split('\n');
            native.pop();
            if (native.length !== lines.length) throw new Error(`batch gave ${native.length} lines for ${lines.length}`);
            for (let i = 0; i < lines.length; i++) {
                let expected = native[i];
                let wasm = respite.evaluateJson(policyText, lines[i], at);
                if (expected.startsWith('{"schema":"respite.error/1"')) {
                    // batch names the line and points into the account itself; evaluateJson
                    // prefixes /account. Compare the errors, paths aligned.
                    const doc = JSON.parse(expected);
                    delete doc.line;
                    doc.errors = doc.errors.map((e) => ({ ...e, path: '/account' + e.path }));
                    expected = JSON.stringify(doc);
                    wasm = JSON.stringify(JSON.parse(wasm));
                }
                compared++;
                if (wasm !== expected) {
                    differing++;
                    if (examples.length < 3) examples.push({ preset, at, account: lines[i].slice(0, 300), native: expected.slice(0, 600), wasm: wasm.slice(0, 600) });
                }
            }
        }
    }
    rmSync(work, { recursive: true, force: true });
    console.log(`parity (fuzz accounts): ${compared} evaluations compared (${lines.length} accounts), ${differing} differ`);
    if (differing) {
        console.log(JSON.stringify(examples, null, 1));
        process.exit(1);
    }
    process.exit(0);
}

if (process.argv[2] === '--triples') {
    const [cli, ...dirs] = process.argv.slice(3);
    const work = mkdtempSync(join(tmpdir(), 'respite-parity-'));
    let compared = 0, skipped = 0, differing = 0;
    const examples = [];
    for (const dir of dirs) {
        for (const name of readdirSync(dir)) {
            const bytes = readFileSync(join(dir, name));
            const parts = [];
            for (let from = 0; parts.length < 2; ) {
                const at = bytes.indexOf(0x1e, from);
                if (at < 0) break;
                parts.push(bytes.subarray(from, at));
                from = at + 1;
                if (parts.length === 2) parts.push(bytes.subarray(from));
            }
            const texts = parts.length === 3 ? parts.map(utf8) : [];
            // The CLI reads `at` from its command line: text without NUL, and an instant.
            if (texts.length !== 3 || texts.includes(null) || texts[2].includes('\0') || texts[2] === '') {
                skipped++;
                continue;
            }
            const wasm = respite.evaluateJson(texts[0], texts[1], texts[2]);
            if (wasm.includes('"path":"/at"')) {
                skipped++; // the CLI reports a bad --at on stderr, not as a document
                continue;
            }
            writeFileSync(join(work, 'policy.json'), parts[0]);
            writeFileSync(join(work, 'account.json'), parts[1]);
            const run = spawnSync(cli, ['evaluate', '--policy', join(work, 'policy.json'),
                                        '--account', join(work, 'account.json'), '--at', texts[2]],
                                  { encoding: 'buffer', maxBuffer: 64 << 20 });
            const native = run.stdout.toString('utf8').replace(/\n$/, '');
            compared++;
            if (native !== wasm) {
                differing++;
                if (examples.length < 3) examples.push({ file: join(dir, name), native: native.slice(0, 600), wasm: wasm.slice(0, 600) });
            }
        }
    }
    rmSync(work, { recursive: true, force: true });
    console.log(`parity (fuzz triples): ${compared} evaluations compared, ${skipped} skipped, ${differing} differ`);
    if (differing) {
        console.log(JSON.stringify(examples, null, 1));
        process.exit(1);
    }
    process.exit(0);
}

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
