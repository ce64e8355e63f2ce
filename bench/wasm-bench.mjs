#!/usr/bin/env node
// The wasm module's budgets (DESIGN.md), measured: module size (wasm + JS, raw and gzip),
// instantiate time, one evaluation JSON-in/JSON-out and objects-in/objects-out on a typical
// account, heap after 100,000 evaluations, and — when the native CLI is built — the same
// evaluation natively, so the cost of the boundary shows. Prints figures; asserts nothing.
//
//   node bench/wasm-bench.mjs [--quick]
//   RESPITE_WASM_PACKAGE=build/wasm/package RESPITE_CLI=build/native/cli/respite (defaults)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const packageDir = resolve(process.env.RESPITE_WASM_PACKAGE ?? resolve(repoRoot, 'build/wasm/package'));
const cliPath = resolve(process.env.RESPITE_CLI ?? resolve(repoRoot, 'build/native/cli/respite'));
const quick = process.argv.includes('--quick');

if (!existsSync(resolve(packageDir, 'respite.wasm'))) {
    console.error(`no built package in ${packageDir}: cmake --preset wasm && cmake --build build/wasm`);
    process.exit(2);
}
const { createRespite } = await import(pathToFileURL(resolve(packageDir, 'index.mjs')).href);

const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const row = (label, value, budget = '') => console.log(`  ${label.padEnd(44)} ${String(value).padStart(24)}  ${budget}`);

// Per-call medians in microseconds over `rounds` timed rounds of `batch` calls each: wall clock
// (the budget's measure) and this process's CPU time (close to the wall clock on an idle
// machine; on a shared one it shows what the code costs when the wall clock is inflated).
function timeCalls(fn, { rounds = quick ? 15 : 41, batch = quick ? 200 : 1000, warmup = 3000 } = {}) {
    for (let i = 0; i < warmup; i++) fn(i);
    const wall = [];
    const cpu = [];
    for (let r = 0; r < rounds; r++) {
        const cpuStart = process.cpuUsage();
        const start = process.hrtime.bigint();
        for (let i = 0; i < batch; i++) fn(i);
        wall.push(Number(process.hrtime.bigint() - start) / 1000 / batch);
        const used = process.cpuUsage(cpuStart);
        cpu.push((used.user + used.system) / batch);
    }
    const result = new Number(median(wall));
    result.cpu = median(cpu);
    return result;
}
const us = (t) => `${t.toFixed(2)} us (cpu ${t.cpu.toFixed(2)})`;

console.log(`respite wasm benchmark — node ${process.version}, package ${packageDir}`);
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores (timings assume an idle machine)`);

// --- size ----------------------------------------------------------------------------------
// Prints each file's raw and gzip size, then the total with verdict(total gzip bytes).
const sizes = (names, verdict) => {
    let raw = 0;
    let gz = 0;
    for (const name of names) {
        const bytes = readFileSync(resolve(packageDir, name));
        const zipped = gzipSync(bytes, { level: 9 }).length;
        raw += bytes.length;
        gz += zipped;
        row(name, `${kb(bytes.length)} / ${kb(zipped)} gz`);
    }
    row('total', `${kb(raw)} / ${kb(gz)} gz`, verdict(gz));
};
console.log('\nmodule size (what a browser loads: wasm + glue + API layer)');
sizes(['respite.wasm', 'respite.mjs', 'index.mjs'],
    (gz) => `budget <= 150 KB gzip ${gz <= 150 * 1024 ? 'ok' : 'OVER'}`);

// The importers load only on request (createRespite({ importers: true })): a module of their own.
if (existsSync(resolve(packageDir, 'respite-import.wasm'))) {
    console.log('\nimport module (on request only: createRespite({ importers: true }))');
    sizes(['respite-import.wasm', 'respite-import.mjs', 'importers.mjs'], () => 'not part of the engine budget');
}

// --- instantiate ---------------------------------------------------------------------------
const wasmBinary = readFileSync(resolve(packageDir, 'respite.wasm'));
const instantiateTimes = [];
for (let i = 0; i < (quick ? 7 : 21); i++) {
    const start = process.hrtime.bigint();
    await createRespite({ wasmBinary });
    instantiateTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
}
console.log('\ninstantiate (createRespite with the bytes in memory: compile + instantiate + init)');
row('first', `${instantiateTimes[0].toFixed(2)} ms`);
row('median', `${median(instantiateTimes).toFixed(2)} ms`, 'budget <= 30 ms');
if (existsSync(resolve(packageDir, 'respite-import.wasm'))) {
    const importBinary = readFileSync(resolve(packageDir, 'respite-import.wasm'));
    const withImporters = [];
    for (let i = 0; i < (quick ? 7 : 21); i++) {
        const start = process.hrtime.bigint();
        await createRespite({ wasmBinary, importers: { wasmBinary: importBinary } });
        withImporters.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    row('median, with the importers', `${median(withImporters).toFixed(2)} ms`);
}

// --- evaluation ----------------------------------------------------------------------------
const respite = await createRespite({ wasmBinary });
const vector = JSON.parse(readFileSync(resolve(repoRoot, 'native-tests/vectors/01-design-example.json'), 'utf8'));
const { policy, account, at } = vector;
const policyText = JSON.stringify(policy);
const accountText = JSON.stringify(account);
const check = JSON.parse(respite.evaluateJson(policyText, accountText, at));
if (check.schema !== 'respite.status/1') {
    console.error('the typical account does not evaluate:', JSON.stringify(check).slice(0, 300));
    process.exit(1);
}
const generated = Array.from({ length: 1000 }, (_, i) => JSON.stringify(respite.generateAccount(11, i)));
const stripe = JSON.stringify(respite.preset('stripe-default'));

console.log(`\none evaluation, median per call (the design example: ${accountText.length} B account, ${policyText.length} B policy)`);
const jsonUs = timeCalls(() => respite.evaluateJson(policyText, accountText, at));
row('evaluateJson (text in, text out)', us(jsonUs), 'budget <= 30 us median');
const objectUs = timeCalls(() => respite.evaluate(policy, account, at));
row('evaluate (objects in, object out)', us(objectUs));
const parseOnlyUs = timeCalls(() => JSON.parse(JSON.stringify(account)));
row('  JSON.stringify+parse of the account in JS', us(parseOnlyUs));
const fresh = [policyText, JSON.stringify({ ...policy, id: 'other' })];
const freshUs = timeCalls((i) => respite.evaluateJson(fresh[i & 1], accountText, at));
row('evaluateJson, policy text changing each call', us(freshUs));
const variedUs = timeCalls((i) => respite.evaluateJson(stripe, generated[i % generated.length], at));
row('evaluateJson, 1,000 generated accounts', us(variedUs));
const timelineUs = timeCalls(() => respite.timeline(policy, account, at), { batch: quick ? 100 : 300 });
row('timeline (objects)', us(timelineUs));

// The same call natively, through the CLI's batch path (one process, one thread, file I/O
// included): an upper bound on the native per-evaluation cost.
if (existsSync(cliPath)) {
    const dir = mkdtempSync(join(tmpdir(), 'respite-bench-'));
    try {
        const n = quick ? 20_000 : 100_000;
        const policyFile = join(dir, 'policy.json');
        const inputFile = join(dir, 'accounts.ndjson');
        writeFileSync(policyFile, policyText);
        writeFileSync(inputFile, `${accountText}\n`.repeat(n));
        const runs = [];
        for (let r = 0; r < 3; r++) {
            const start = process.hrtime.bigint();
            execFileSync(cliPath, ['batch', '--quiet', '--threads', '1', '--policy', policyFile, '--at', at,
                                   '--output', join(dir, 'out.ndjson'), inputFile]);
            runs.push(Number(process.hrtime.bigint() - start) / 1000 / n);
        }
        row('native (respite batch -j1, same account)', `${median(runs).toFixed(2)} us`, `wasm/native ${(jsonUs / median(runs)).toFixed(2)}x (wall)`);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
} else {
    row('native', 'not built', `(${cliPath})`);
}

// --- heap ----------------------------------------------------------------------------------
console.log('\nheap over 100,000 evaluations (after 1,000 to warm up)');
const settle = () => respite.evaluateJson(policyText, accountText, at);
const mixed = (i) => (i % 10 === 9
    ? respite.evaluateJson(policyText, '{"schema":"respite.account/1"}', at) // a failing one
    : respite.evaluateJson(stripe, generated[i % generated.length], at));
for (let i = 0; i < 1000; i++) mixed(i);
settle();
const memoryBefore = respite._heapBytes();
const inUseBefore = respite._heapInUse();
const start = process.hrtime.bigint();
for (let i = 0; i < 100_000; i++) mixed(i);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
settle();
row('wasm memory before / after', `${kb(memoryBefore)} / ${kb(respite._heapBytes())}`,
    respite._heapBytes() === memoryBefore ? 'no growth' : 'GREW');
row('malloc bytes in use before / after', `${inUseBefore} / ${respite._heapInUse()}`);
row('100,000 evaluations took', `${seconds.toFixed(2)} s`);
