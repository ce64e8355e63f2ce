// The importers in JS (createRespite({ importers: true }), respite-import.wasm): every provider
// fixture in native-tests/import/ gives its hand-worked snapshot (NN-*.expected.json) byte for
// byte, and the same bytes as `respite import`; malformed data gives the expected paths and
// codes and the native build's exact error document; the module keeps working after errors; an
// engine created without importers says how to get them; and respite.wasm stays within its
// 150 KB gzip budget (the import module's size is reported beside it).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

import { cli, cliMissing } from './cli.mjs';
import { browserEntry, createRespite, packageDir, repoRoot, respite, RespiteError } from './package.mjs';

const fixturesDir = resolve(repoRoot, 'native-tests/import');
const PROVIDERS = ['stripe', 'paddle', 'chargebee', 'recurly', 'revenuecat'];
const CALLS = { stripe: 'importStripe', paddle: 'importPaddle', chargebee: 'importChargebee',
                recurly: 'importRecurly', revenuecat: 'importRevenueCat' };

// Every NN-*.json beside its NN-*.expected.json, as the native import test reads them.
const fixtures = readdirSync(fixturesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap(({ name: provider }) => readdirSync(resolve(fixturesDir, provider))
        .filter((name) => name.endsWith('.json') && !name.includes('.expected.'))
        .map((name) => {
            const file = resolve(fixturesDir, provider, name);
            return {
                provider, name, file,
                text: readFileSync(file, 'utf8'),
                expected: JSON.parse(readFileSync(file.replace(/\.json$/, '.expected.json'), 'utf8')),
            };
        }))
    .sort((a, b) => a.file.localeCompare(b.file));

const importing = await createRespite({ importers: true });

// The account exactly as the module wrote it: respite.import/1 is
// {"schema":…,"provider":…,"account":ACCOUNT,"unmapped":[…]}, and `,"unmapped":[` with its bare
// quotes can only be the envelope's own member (inside a JSON string every quote is escaped),
// the last one in the text since the list holds only strings.
function accountTextOf(envelope) {
    const start = envelope.indexOf('"account":') + '"account":'.length;
    return envelope.slice(start, envelope.lastIndexOf(',"unmapped":['));
}
const pathsAndCodes = (errors) => errors.map(({ path, code }) => ({ path, code }));

const work = mkdtempSync(join(tmpdir(), 'respite-import-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('importers: the fixtures cover every provider', () => {
    assert.deepEqual(importing.importProviders(), PROVIDERS);
    assert.ok(fixtures.length >= 18, `${fixtures.length} fixtures`);
    for (const provider of PROVIDERS)
        assert.ok(fixtures.some((f) => f.provider === provider && 'account' in f.expected), `${provider}: a snapshot`);
    for (const provider of PROVIDERS)
        assert.ok(fixtures.some((f) => f.provider === provider && 'errors' in f.expected), `${provider}: malformed data`);
});

test('importers: every fixture gives its hand-worked snapshot, byte for byte', () => {
    for (const f of fixtures.filter((f) => 'account' in f.expected)) {
        const label = `${f.provider}/${f.name}`;
        const envelope = importing.importJson(f.provider, f.text);
        assert.ok(envelope.startsWith(`{"schema":"respite.import/1","provider":"${f.provider}","account":{`), label);
        // The hand-worked snapshot, written compactly, is the module's text (key order included).
        assert.equal(accountTextOf(envelope), JSON.stringify(f.expected.account), label);
        assert.deepEqual(JSON.parse(envelope).unmapped, f.expected.unmapped, label);
        // The object faces: the generic call and the provider's own.
        const generic = importing.importAccount(f.provider, f.text);
        assert.deepEqual(Object.keys(generic), ['account', 'unmapped'], label);
        assert.deepEqual(generic, { account: f.expected.account, unmapped: f.expected.unmapped }, label);
        assert.deepEqual(importing[CALLS[f.provider]](f.text), generic, label);
        // What comes out validates and evaluates in the engine.
        assert.equal(importing.validate(generic.account).ok, true, label);
        assert.equal(importing.evaluate(importing.preset('standard'), generic.account, '2026-12-04T15:00:00Z').schema,
                     'respite.status/1', label);
    }
});

test('importers: malformed provider data gives the expected paths and codes', () => {
    for (const f of fixtures.filter((f) => 'errors' in f.expected)) {
        const label = `${f.provider}/${f.name}`;
        const document = JSON.parse(importing.importJson(f.provider, f.text)); // never throws
        assert.equal(document.schema, 'respite.error/1', label);
        assert.deepEqual(pathsAndCodes(document.errors), f.expected.errors, label);
        for (const e of document.errors) assert.deepEqual(Object.keys(e), ['path', 'code', 'message'], label);
        for (const call of [() => importing.importAccount(f.provider, f.text), () => importing[CALLS[f.provider]](f.text)]) {
            assert.throws(call, (error) => {
                assert.ok(error instanceof RespiteError, label);
                assert.deepEqual(error.errors, document.errors, label);
                const first = document.errors[0];
                assert.ok(error.message.startsWith(`${first.code} at ${first.path}: `), error.message);
                return true;
            });
        }
    }
});

test('importers: the same bytes as `respite import` (account, envelope, errors)', { skip: cliMissing }, () => {
    for (const f of fixtures) {
        const label = `${f.provider}/${f.name}`;
        const envelope = importing.importJson(f.provider, f.text);
        assert.equal(cli(['import', '--envelope', '--quiet', f.provider, f.file]), `${envelope}\n`, label);
        if ('account' in f.expected)
            assert.equal(cli(['import', '--quiet', f.provider, f.file]), `${accountTextOf(envelope)}\n`, label);
    }
});

test('importers: several values and several files are one input, as the CLI reads them', { skip: cliMissing }, () => {
    // Stripe's fixture 01 split into its objects: NDJSON in two "files", as import_cli_test.sh does.
    const stripe = fixtures.find((f) => f.name.startsWith('01-') && f.provider === 'stripe');
    const objects = JSON.parse(stripe.text);
    assert.ok(Array.isArray(objects) && objects.length >= 3);
    const lines = objects.map((o) => JSON.stringify(o));
    const part1 = `${lines.slice(0, 2).join('\n')}\n`;
    const part2 = `${lines.slice(2).join('\n')}\n`;
    writeFileSync(join(work, 'part1.ndjson'), part1);
    writeFileSync(join(work, 'part2.ndjson'), part2);
    const native = cli(['import', '--envelope', '--quiet', 'stripe', join(work, 'part1.ndjson'), join(work, 'part2.ndjson')]);
    assert.equal(importing.importJson('stripe', [part1, part2]), native.trimEnd());
    assert.equal(importing.importJson('stripe', part1 + part2), native.trimEnd());
    assert.equal(importing.importJson('stripe', [Buffer.from(part1), new TextEncoder().encode(part2).buffer]), native.trimEnd());
    // Errors across files number the values across them (/0, /1, …), as natively.
    const malformed = fixtures.find((f) => f.provider === 'recurly' && 'errors' in f.expected);
    const errorsNative = cli(['import', 'recurly', stripe.file, malformed.file]);
    assert.equal(importing.importJson('recurly', [stripe.text, malformed.text]), errorsNative.trimEnd());
    assert.match(errorsNative, /"path":"\/1\//);
});

test('importers: objects, arrays, JSON text, NDJSON and bytes give the same account', () => {
    const stripe = fixtures.find((f) => f.name.startsWith('01-') && f.provider === 'stripe');
    const objects = JSON.parse(stripe.text);
    const want = importing.importJson('stripe', stripe.text);
    assert.equal(importing.importJson('stripe', objects), want);                                   // an array of objects
    assert.equal(importing.importJson('stripe', objects.map((o) => JSON.stringify(o)).join('\n')), want); // NDJSON
    assert.equal(importing.importJson('stripe', objects.map((o) => JSON.stringify(o)).join('')), want);   // values one after another
    assert.equal(importing.importJson('stripe', Buffer.from(stripe.text)), want);                  // a file as read
    assert.equal(importing.importJson('stripe', new TextEncoder().encode(stripe.text).buffer), want);
    // A list envelope: the same account (unmapped paths now point under /data).
    const listed = importing.importAccount('stripe', { object: 'list', data: objects });
    assert.equal(JSON.stringify(listed.account), accountTextOf(want));
    assert.deepEqual(listed.unmapped, JSON.parse(want).unmapped.map((p) => `/data${p}`));
    // One object on its own.
    const customer = objects.find((o) => o.object === 'customer');
    assert.equal(importing.importStripe(customer).account.id, customer.id);
});

test('importers: bad arguments and bad text are RespiteErrors with paths and codes', { skip: cliMissing }, () => {
    const cases = [
        [['paypal', '{}'], '/provider', 'unsupported_provider'],
        [['stripe', '{"object":"customer",'], '', 'invalid_json'],
        [['stripe', ''], '', 'invalid_json'],
        [['stripe', []], '', 'no_account'],
        [['stripe', undefined], '', 'missing_field'],
        [['stripe', () => 1], '', 'wrong_type'],
    ];
    for (const [args, path, code] of cases) {
        const label = `${args[0]} ${String(args[1]).slice(0, 30)}`;
        assert.throws(() => importing.importAccount(...args), (error) => {
            assert.ok(error instanceof RespiteError, label);
            assert.deepEqual(pathsAndCodes(error.errors).slice(0, 1), [{ path, code }], `${label}: ${JSON.stringify(error.errors)}`);
            return true;
        });
        const document = JSON.parse(importing.importJson(...args)); // never throws
        assert.equal(document.schema, 'respite.error/1', label);
        assert.equal(document.errors[0].code, code, label);
    }
    // Text the native build also reads: the same document, message (and byte offset) included.
    // The CLI ends each file with a newline; so does a list of texts in JS.
    for (const text of ['{"object":"customer",', '[]', '{"object":"invoice","id":"in_1"} 42', '\u00ff']) {
        writeFileSync(join(work, 'bad.json'), text);
        assert.equal(importing.importJson('stripe', [text]), cli(['import', 'stripe', join(work, 'bad.json')]).trimEnd(), text);
    }
});

test('importers: the module keeps working after thousands of errors, without leaking', () => {
    const good = fixtures.find((f) => f.provider === 'paddle' && 'account' in f.expected);
    const bad = fixtures.filter((f) => 'errors' in f.expected);
    const want = JSON.stringify(good.expected.account);
    assert.equal(accountTextOf(importing.importJson('paddle', good.text)), want);
    const before = importing._importHeapInUse();
    for (let i = 0; i < 2000; i++) {
        const f = bad[i % bad.length];
        assert.throws(() => importing.importAccount(f.provider, f.text), RespiteError);
        if (i % 100 === 0) assert.equal(accountTextOf(importing.importJson('paddle', good.text)), want);
    }
    assert.equal(accountTextOf(importing.importJson('paddle', good.text)), want);
    assert.equal(importing._importHeapInUse(), before, 'malloc bytes in use after 2,000 failed imports');
});

test('importers: an engine created without them says how to load them', () => {
    const calls = ['importAccount', 'importJson', 'importProviders', 'importStripe', 'importPaddle',
                   'importChargebee', 'importRecurly', 'importRevenueCat'];
    for (const call of calls) {
        assert.equal(typeof respite[call], 'function', call);
        assert.throws(() => respite[call]('stripe', '{}'), (error) => {
            assert.ok(!(error instanceof RespiteError), `${call}: not bad input but a missing option`);
            assert.match(error.message, new RegExp(`^respite\\.${call}: the importers are not loaded`));
            assert.match(error.message, /createRespite\(\{ importers: true \}\)/);
            return true;
        });
    }
    // Both engines keep their other calls, and an importing one has every call.
    assert.equal(respite.preset('standard').schema, 'respite.policy/1');
    for (const call of calls) assert.equal(typeof importing[call], 'function', call);
    assert.ok(Object.isFrozen(importing));
    assert.equal(importing.version, respite.version);
});

test('importers: the browser entry takes the bytes of both modules', async () => {
    const wasmBinary = readFileSync(resolve(packageDir, 'respite.wasm'));
    const importBinary = readFileSync(resolve(packageDir, 'respite-import.wasm'));
    const engine = await browserEntry.createRespite({ wasmBinary, importers: { wasmBinary: importBinary } });
    const f = fixtures.find((x) => x.provider === 'chargebee' && 'account' in x.expected);
    assert.deepEqual(engine.importChargebee(f.text), { account: f.expected.account, unmapped: f.expected.unmapped });
    // The error class is the package's one, whichever entry created the engine.
    assert.throws(() => engine.importChargebee('{'), browserEntry.RespiteError);
    assert.equal(browserEntry.RespiteError, RespiteError);
    // And the Node entry accepts the import module's bytes too.
    const own = await createRespite({ importers: { wasmBinary: importBinary } });
    assert.equal(own.importJson('chargebee', f.text), importing.importJson('chargebee', f.text));
});

test('importers: respite.wasm stays within 150 KB gzip; the import module is separate', (t) => {
    const gzipped = (names) => names.reduce((sum, name) => {
        const bytes = readFileSync(resolve(packageDir, name));
        return { raw: sum.raw + bytes.length, gzip: sum.gzip + gzipSync(bytes, { level: 9 }).length };
    }, { raw: 0, gzip: 0 });
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    // What a browser loads for the engine: wasm + glue + API layer (as bench/wasm-bench.mjs counts).
    const main = gzipped(['respite.wasm', 'respite.mjs', 'index.mjs']);
    // What it loads on top with { importers: true }.
    const imports = gzipped(['respite-import.wasm', 'respite-import.mjs', 'importers.mjs']);
    t.diagnostic(`engine ${kb(main.gzip)} gzip (${kb(main.raw)} raw); importers ${kb(imports.gzip)} gzip (${kb(imports.raw)} raw)`);
    assert.ok(main.gzip <= 150 * 1024, `respite.wasm + respite.mjs + index.mjs: ${kb(main.gzip)} gzip, over 150 KB`);
    // The engine carries no importer: its glue never names the import module's functions.
    assert.doesNotMatch(readFileSync(resolve(packageDir, 'respite.mjs'), 'utf8'), /importJson/);
});

test('importers: the example in docs/importers.md runs and prints what it says', () => {
    const doc = readFileSync(resolve(repoRoot, 'docs/importers.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## JavaScript'));
    const start = section.indexOf('```js\n') + '```js\n'.length;
    const code = section.slice(start, section.indexOf('\n```', start));
    assert.match(code, /createRespite\(\{ importers: true \}\)/);
    const file = join(work, 'example.mjs');
    writeFileSync(file, code.replace('./build/wasm/package/node.mjs', pathToFileURL(resolve(packageDir, 'node.mjs')).href));
    const printed = execFileSync(process.execPath, [file], { cwd: repoRoot, encoding: 'utf8' }).trimEnd().split('\n');
    // Each `// → …` comment is what the line before it prints (a trailing … : a prefix).
    const said = [...code.matchAll(/\/\/ → (.*)/g)].map((m) => m[1]);
    assert.equal(printed.length, said.length, printed.join('\n'));
    said.forEach((line, i) => (line.endsWith('…') ? assert.ok(printed[i].startsWith(line.slice(0, -1)), printed[i])
                                                   : assert.equal(printed[i], line)));
});
