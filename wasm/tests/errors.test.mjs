// Errors at the JS boundary: RespiteError with the native build's [{path, code, message}], the
// bad-input catalogue (native-tests/vectors/bad-input.json, docs/vectors.md) with the same
// paths and codes as native, evaluateJson never throwing, and the module still working after
// thousands of errors (no C++ exception, no abort can reach JS).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';

import { respite, RespiteError, vectorsDir } from './package.mjs';

const example = JSON.parse(readFileSync(resolve(vectorsDir, '01-design-example.json'), 'utf8'));
const { policy, account, at } = example;
const catalogueFile = resolve(vectorsDir, 'bad-input.json');

// The raw text of a catalogue document: text, text_build or document (docs/vectors.md).
function textOf(c) {
    if ('text' in c) return c.text;
    if ('text_build' in c) {
        const { prefix = '', unit = '', count = 0, suffix = '' } = c.text_build;
        return prefix + unit.repeat(count) + suffix;
    }
    return JSON.stringify(c.document);
}

// For evaluate cases a JSON string is the raw text itself.
const partOf = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

function errorsOf(c) {
    if (c.kind === 'evaluate') {
        const text = respite.evaluateJson(partOf(c.policy), partOf(c.account), c.at);
        const document = JSON.parse(text);
        assert.equal(document.schema, 'respite.error/1', `${c.name}: refused, got ${text.slice(0, 300)}`);
        // The throwing face reports exactly the same errors.
        assert.throws(() => respite.evaluate(partOf(c.policy), partOf(c.account), c.at), (error) =>
            error instanceof RespiteError && JSON.stringify(error.errors) === JSON.stringify(document.errors));
        return document.errors;
    }
    assert.ok(c.kind === 'policy' || c.kind === 'account', `${c.name}: kind ${c.kind}`);
    const result = respite.validate(textOf(c));
    assert.equal(result.ok, false, `${c.name}: refused`);
    return result.errors;
}

test('bad input: every catalogue case is refused with the listed paths and codes',
     { skip: !existsSync(catalogueFile) && 'native-tests/vectors/bad-input.json not written yet' }, () => {
    const catalogue = JSON.parse(readFileSync(catalogueFile, 'utf8'));
    assert.ok(Array.isArray(catalogue) && catalogue.length > 0);
    const failures = [];
    for (const c of catalogue) {
        const errors = errorsOf(c);
        assert.ok(errors.length >= 1, c.name);
        for (const e of errors) assert.deepEqual(Object.keys(e), ['path', 'code', 'message'], c.name);
        for (const want of c.errors) {
            if (!errors.some((e) => e.path === want.path && e.code === want.code))
                failures.push(`${c.name}: missing {path: ${JSON.stringify(want.path)}, code: ${want.code}}; got ${JSON.stringify(errors.map(({ path, code }) => ({ path, code })))}`);
        }
    }
    assert.deepEqual(failures, []);
    // And the engine still answers.
    assert.equal(respite.evaluate(policy, account, at).schema, 'respite.status/1');
});

test('errors: paths point into the policy, the account or the instant', () => {
    const cases = [
        [['{', account, at], '/policy', 'invalid_json'],
        [[policy, '{"schema":"respite.account/1"', at], '/account', 'invalid_json'],
        [[{ ...policy, schema: 'respite.policy/9' }, account, at], '/policy/schema', 'unsupported_schema'],
        [[policy, { ...account, invoices: [{ ...account.invoices[0], due_at: '2026-13-01T00:00:00Z' }] }, at],
         '/account/invoices/0/due_at', 'invalid_timestamp'],
        [[policy, account, '2026-12-04'], '/at', 'invalid_instant'],
        [[policy, { ...account, timezone: 'Mars/Olympus_Mons' }, at], '/account/timezone', 'unknown_time_zone'],
    ];
    for (const [args, path, code] of cases) {
        assert.throws(() => respite.evaluate(...args), (error) => {
            assert.ok(error instanceof RespiteError);
            assert.ok(error.errors.some((e) => e.path === path && e.code === code),
                      `${path} ${code} in ${JSON.stringify(error.errors)}`);
            return true;
        });
        const document = JSON.parse(respite.evaluateJson(...args));
        assert.equal(document.schema, 'respite.error/1');
        assert.ok(document.errors.some((e) => e.path === path && e.code === code));
    }
});

test('evaluateJson: never throws, whatever it is given', () => {
    const odd = [
        [undefined, undefined, undefined], [null, null, null], [42, [], {}], ['', '', ''],
        [policy, account, 12345], [policy, account, new Date(NaN)], [{ toJSON() { throw new Error('no'); } }, account, at],
        ['\u0000', '\ud800', at], ['[]', '"account"', at], [policy, account, '\u00e9t\u00e9'],
    ];
    odd.forEach((args, i) => {
        const text = respite.evaluateJson(...args);
        assert.equal(typeof text, 'string');
        assert.equal(JSON.parse(text).schema, 'respite.error/1', `case ${i}: ${text.slice(0, 200)}`);
    });
});

test('errors: oversized and deeply nested documents are refused, not fatal', () => {
    const huge = `{"schema":"respite.policy/1","id":"${'x'.repeat(5 * 1024 * 1024)}"}`;
    assert.ok(JSON.parse(respite.evaluateJson(huge, account, at)).errors.some((e) => e.code === 'document_too_large'));
    const deep = '['.repeat(10000) + ']'.repeat(10000);
    const result = respite.validate(deep);
    assert.equal(result.ok, false);
    assert.ok(result.errors.some((e) => e.code === 'too_deep'), JSON.stringify(result.errors));
    assert.equal(respite.evaluate(policy, account, at).schema, 'respite.status/1');
});

test('errors: the module keeps working after 1,000 errors of every kind', () => {
    const before = respite.evaluateJson(JSON.stringify(policy), JSON.stringify(account), at);
    const bad = [
        () => respite.evaluate('{', account, at),
        () => respite.evaluate(policy, '[]', at),
        () => respite.evaluate(policy, account, 'never'),
        () => respite.evaluate(policy, { ...account, timezone: 'Nowhere/Land' }, at),
        () => respite.timeline({ ...policy, stages: [] }, account, at),
        () => respite.preset('missing'),
    ];
    let thrown = 0;
    for (let i = 0; i < 1000; i++) {
        try {
            bad[i % bad.length]();
        } catch (error) {
            assert.ok(error instanceof RespiteError, String(error));
            thrown++;
        }
        respite.evaluateJson('not json', '', '');
        respite.validate('{"schema": 1}');
    }
    assert.equal(thrown, 1000);
    assert.equal(respite.evaluateJson(JSON.stringify(policy), JSON.stringify(account), at), before);
});
