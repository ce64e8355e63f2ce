// The JS API of @respite/engine (wasm/js/index.mjs, node.mjs, index.d.ts): createRespite,
// RespiteError, evaluate, evaluateJson, timeline, validate, presets, preset, generateAccount,
// version — and the package folder that ships them.
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';

import { browserEntry, createRespite, packageDir, respite, RespiteError, vectorsDir } from './package.mjs';

const example = JSON.parse(readFileSync(resolve(vectorsDir, '15-dst-amsterdam-spring-before.json'), 'utf8'));
const { policy, account, at } = example;

test('package: package.json names the entry points, types and files, all present', () => {
    const manifest = JSON.parse(readFileSync(resolve(packageDir, 'package.json'), 'utf8'));
    assert.equal(manifest.name, '@respite/engine');
    assert.equal(manifest.type, 'module');
    assert.equal(manifest.version, respite.version);
    assert.equal(manifest.types, './index.d.ts');
    const root = manifest.exports['.'];
    assert.equal(root.browser, './index.mjs');
    assert.equal(root.default, './index.mjs');
    assert.equal(root.node.default, './node.mjs');
    assert.equal(root.types, './index.d.ts');
    for (const file of manifest.files) assert.ok(existsSync(resolve(packageDir, file)), `${file} is shipped`);
    for (const needed of ['respite.mjs', 'respite.wasm', 'index.mjs', 'node.mjs', 'index.d.ts'])
        assert.ok(manifest.files.includes(needed), `files lists ${needed}`);
});

test('createRespite: resolves to a frozen engine with the documented members', async () => {
    assert.equal(typeof createRespite, 'function');
    assert.ok(Object.isFrozen(respite));
    for (const name of ['evaluate', 'evaluateJson', 'timeline', 'validate', 'presets', 'preset', 'generateAccount'])
        assert.equal(typeof respite[name], 'function', name);
    assert.match(respite.version, /^\d+\.\d+\.\d+/);
});

test('createRespite: the browser entry works in Node when given the bytes; instances are independent', async () => {
    const wasmBinary = readFileSync(resolve(packageDir, 'respite.wasm'));
    const other = await browserEntry.createRespite({ wasmBinary });
    assert.equal(other.version, respite.version);
    assert.equal(other.evaluateJson(JSON.stringify(policy), JSON.stringify(account), at),
                 respite.evaluateJson(JSON.stringify(policy), JSON.stringify(account), at));
    assert.equal(browserEntry.RespiteError, RespiteError);
});

test('evaluate: objects, JSON text and Date give the same status', () => {
    const fromObjects = respite.evaluate(policy, account, at);
    assert.equal(fromObjects.schema, 'respite.status/1');
    assert.equal(fromObjects.account_id, account.id);
    assert.deepEqual(respite.evaluate(JSON.stringify(policy), JSON.stringify(account), at), fromObjects);
    assert.deepEqual(respite.evaluate(policy, account, new Date(at)), fromObjects);
});

test('evaluateJson: text in, the status as compact text out', () => {
    const text = respite.evaluateJson(JSON.stringify(policy), JSON.stringify(account), at);
    assert.equal(typeof text, 'string');
    assert.ok(text.startsWith('{"schema":"respite.status/1",'));
    assert.deepEqual(JSON.parse(text), respite.evaluate(policy, account, at));
    // Objects are accepted too (serialised), and a Date.
    assert.equal(respite.evaluateJson(policy, account, new Date(at)), text);
});

test('evaluateJson: alternating policies never mixes them up (the kept policy is per text)', () => {
    const other = { ...policy, id: 'other-policy' };
    const a = JSON.stringify(account);
    for (let i = 0; i < 5; i++) {
        assert.equal(JSON.parse(respite.evaluateJson(JSON.stringify(policy), a, at)).policy_id, policy.id);
        assert.equal(JSON.parse(respite.evaluateJson(JSON.stringify(other), a, at)).policy_id, 'other-policy');
        assert.equal(JSON.parse(respite.evaluateJson('{', a, at)).schema, 'respite.error/1');
    }
});

test('evaluate: at is required (the engine has no clock)', () => {
    assert.throws(() => respite.evaluate(policy, account), (error) =>
        error instanceof RespiteError && error.errors[0].path === '/at' && error.errors[0].code === 'invalid_instant');
    assert.throws(() => respite.evaluate(policy, account, new Date(NaN)), RespiteError);
    assert.throws(() => respite.evaluate(policy, account, 'yesterday'), (error) =>
        error.errors.some((e) => e.path === '/at' && e.code === 'invalid_instant'));
});

test('timeline: the respite.timeline/1 document with the status at now', () => {
    const timeline = respite.timeline(policy, account, at);
    assert.equal(timeline.schema, 'respite.timeline/1');
    assert.equal(timeline.account_id, account.id);
    assert.equal(timeline.timezone, 'Europe/Amsterdam');
    assert.deepEqual(timeline.status, respite.evaluate(policy, account, at));
    assert.ok(Array.isArray(timeline.events) && timeline.events.length > 0);
    for (const event of timeline.events) {
        assert.equal(typeof event.kind, 'string');
        assert.equal(typeof event.at, 'string');
        assert.equal(typeof event.past, 'boolean');
    }
    assert.throws(() => respite.timeline(policy, '{}', at), RespiteError);
});

test('validate: {ok: true} for good documents, {ok: false, errors} for bad ones, never throws', () => {
    assert.equal(respite.validate(policy).ok, true);
    assert.equal(respite.validate(JSON.stringify(account)).ok, true);
    const bad = respite.validate({ ...policy, stages: [] });
    assert.equal(bad.ok, false);
    assert.ok(bad.errors.length >= 1);
    for (const e of bad.errors) assert.deepEqual(Object.keys(e), ['path', 'code', 'message']);
    assert.equal(respite.validate('{').ok, false);
    assert.equal(respite.validate('{').errors[0].code, 'invalid_json');
    assert.equal(respite.validate(undefined).ok, false);
});

test('presets: the shipped presets, each a valid policy', () => {
    const list = respite.presets();
    assert.ok(list.length >= 5);
    const names = list.map((p) => p.name);
    for (const name of ['stripe-default', 'app-store', 'google-play', 'strict-b2c', 'lenient-b2b'])
        assert.ok(names.includes(name), name);
    for (const { name, summary } of list) {
        assert.equal(typeof summary, 'string');
        assert.ok(summary.length > 0);
        const preset = respite.preset(name);
        assert.equal(preset.schema, 'respite.policy/1');
        assert.deepEqual(respite.validate(preset), { ok: true, schema: 'respite.valid/1', document: 'respite.policy/1' });
    }
});

test('preset: an unknown name throws RespiteError unknown_preset', () => {
    assert.throws(() => respite.preset('no-such-preset'), (error) =>
        error instanceof RespiteError && error.errors[0].code === 'unknown_preset');
    assert.throws(() => respite.preset(undefined), RespiteError);
});

test('generateAccount: valid, deterministic sample accounts', () => {
    const first = respite.generateAccount(11, 0);
    assert.equal(first.schema, 'respite.account/1');
    assert.deepEqual(respite.generateAccount(11, 0), first);
    assert.notDeepEqual(respite.generateAccount(11, 1), first);
    assert.notDeepEqual(respite.generateAccount(12, 0), first);
    for (let i = 0; i < 50; i++) assert.equal(respite.validate(respite.generateAccount(7, i)).ok, true, `account ${i}`);
    const status = respite.evaluate(respite.preset('stripe-default'), first, '2026-12-04T16:00:00Z');
    assert.equal(status.schema, 'respite.status/1');
    // `around` moves the sample data in time.
    const later = respite.generateAccount(11, 0, '2030-01-01T00:00:00Z');
    assert.notDeepEqual(later, first);
    assert.equal(respite.validate(later).ok, true);
    assert.throws(() => respite.generateAccount(-1, 0), RespiteError);
    assert.throws(() => respite.generateAccount(1, 0.5), RespiteError);
    assert.throws(() => respite.generateAccount(1, 0, 'not a date'), RespiteError);
});

test('RespiteError: an Error with name, message and errors', () => {
    try {
        respite.evaluate('{', account, at);
        assert.fail('no error');
    } catch (error) {
        assert.ok(error instanceof Error);
        assert.ok(error instanceof RespiteError);
        assert.equal(error.name, 'RespiteError');
        assert.match(error.message, /invalid_json/);
        assert.equal(error.errors[0].path, '/policy');
        assert.equal(error.errors[0].code, 'invalid_json');
    }
});
