// Writes the seed corpora (fuzz/corpus/<target>/) from the shared vectors, the bad-input
// catalogue, the presets and generated accounts. Rerun after the vectors grow:
//   node fuzz/seed-corpus.mjs [path/to/respite]   (default build/native/cli/respite)
// Files are named by the SHA-1 of their bytes, as libFuzzer names what it adds.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const cli = resolve(process.argv[2] ?? join(root, 'build/native/cli/respite'));
const corpus = join(root, 'fuzz/corpus');
const vectorsDir = join(root, 'native-tests/vectors');
const RS = '\x1e'; // evaluate_fuzz splits policy \x1E account \x1E at

const seeds = { parse_policy: new Set(), parse_account: new Set(), instant: new Set(), duration: new Set(), evaluate: new Set() };
const text = (v) => (typeof v === 'string' ? v : JSON.stringify(v));

// Every string in a document that reads as an instant or a duration seeds those targets.
function collectScalars(value) {
    if (typeof value === 'string') {
        if (/^\d{4}-\d\d-\d\d[Tt]/.test(value)) seeds.instant.add(value);
        else if (/^-?P/.test(value)) seeds.duration.add(value);
    } else if (value && typeof value === 'object') {
        for (const v of Object.values(value)) collectScalars(v);
    }
}

const presets = readdirSync(join(root, 'presets')).filter((f) => f.endsWith('.json'));
const presetTexts = presets.map((f) => readFileSync(join(root, 'presets', f), 'utf8'));
for (const t of presetTexts) {
    seeds.parse_policy.add(t);
    collectScalars(JSON.parse(t));
}

for (const file of readdirSync(vectorsDir).filter((f) => /^\d+-.*\.json$/.test(f)).sort()) {
    const v = JSON.parse(readFileSync(join(vectorsDir, file), 'utf8'));
    seeds.parse_policy.add(JSON.stringify(v.policy));
    seeds.parse_account.add(JSON.stringify(v.account));
    seeds.instant.add(v.at);
    collectScalars(v);
    seeds.evaluate.add(JSON.stringify(v.policy) + RS + JSON.stringify(v.account) + RS + v.at);
}

// The bad-input catalogue: small cases as they are (the two that need megabytes stay out).
for (const c of JSON.parse(readFileSync(join(vectorsDir, 'bad-input.json'), 'utf8'))) {
    if (c.text_build) continue;
    if (c.kind === 'evaluate') {
        seeds.evaluate.add(text(c.policy) + RS + text(c.account) + RS + c.at);
        continue;
    }
    const doc = c.text ?? JSON.stringify(c.document);
    if (doc.length > 16384) continue;
    seeds[`parse_${c.kind}`].add(doc);
    if (c.document) collectScalars(c.document);
}

// About fifty generated accounts (three seeds, two instants), each also evaluated under a preset.
const instants = ['2026-12-04T16:00:00Z', '2027-01-20T08:30:00.250+01:00'];
let n = 0;
for (const seed of [3, 17, 2026]) {
    const lines = execFileSync(cli, ['generate', '--accounts', '17', '--seed', String(seed)], { encoding: 'utf8' })
        .split('\n').filter(Boolean);
    for (const account of lines) {
        seeds.parse_account.add(account);
        seeds.evaluate.add(presetTexts[n % presetTexts.length] + RS + account + RS + instants[n % instants.length]);
        n++;
    }
}
// Where the two account readers (simdjson natively, nlohmann in wasm) could part ways.
const tiny = (extra) => `{"schema":"respite.account/1","id":"a","invoices":[]${extra}}`;
const due = (amount) => tiny('').replace('"invoices":[]',
    `"invoices":[{"id":"i","amount_due":${amount},"currency":"EUR","due_at":"2026-11-01T00:00:00Z","status":"open"}]`);
for (const tricky of ['\ufeff' + tiny(''), tiny(',"name":"\\ud800"'), tiny(',"name":"\\udc00"'),
                      tiny(',"name":"\\ud800\\u0041"'), tiny(',"name":"\\ud83d\\ude00\\u0000"'),
                      due('-0'), due('1.0'), due('1e2'), due('1000000000000000'), due('18446744073709551616'),
                      tiny(',"metadata":{"x":1e400}'), tiny(',"id":"b"'), tiny(',"usage":{"seats":1,"seats":2}'),
                      tiny(`,"metadata":{"d":${'['.repeat(30)}${']'.repeat(30)}}`),
                      tiny(`,"metadata":{"d":${'['.repeat(31)}${']'.repeat(31)}}`)])
    seeds.parse_account.add(tricky);

for (const d of ['P0D', 'PT0S', 'P36500D', 'PT876000H', 'P1DT2H3M4.567S', 'PT0.001S', 'P1D', 'PT1,5S', 'P1W', 'P1M', 'P1Y'])
    seeds.duration.add(d);
for (const t of ['1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2024-02-29T12:00:00-23:59',
                 '2026-03-29T01:59:59.9999+00:00', '1970-01-01T00:00:00+00:01', '9999-12-31T23:59:59-00:01'])
    seeds.instant.add(t);

let total = 0;
for (const [target, set] of Object.entries(seeds)) {
    const dir = join(corpus, target);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const s of set) {
        const bytes = Buffer.from(s, 'utf8');
        writeFileSync(join(dir, createHash('sha1').update(bytes).digest('hex')), bytes);
        total += bytes.length;
    }
    console.log(`${target}: ${set.size} seeds`);
}
console.log(`corpus: ${(total / 1024).toFixed(0)} KB`);
