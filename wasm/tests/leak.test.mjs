// No heap growth: 100,000 evaluateJson calls — valid ones, failing ones, other accounts and
// policies in turn — leave the wasm memory size exactly where it stood after the first 1,000,
// and malloc's bytes in use there too, give or take dlmalloc's rounding: a free chunk whose
// remainder would be under its 16-byte minimum is handed out whole, so the same live objects may
// occupy a few bytes more or less depending on the history (seen: +-16). A leak of even one
// small allocation per 100 calls would add up to more than 10 KB here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';

import { respite, vectorsDir } from './package.mjs';

const total = Number(process.env.RESPITE_LEAK_CALLS ?? 100_000);

test(`leak: ${total.toLocaleString('en')} evaluateJson calls, heap unchanged after the first 1,000`, () => {
    const v = JSON.parse(readFileSync(resolve(vectorsDir, '01-design-example.json'), 'utf8'));
    const policies = [JSON.stringify(v.policy), JSON.stringify(respite.preset('stripe-default'))];
    const accounts = [JSON.stringify(v.account), ...Array.from({ length: 6 }, (_, i) => JSON.stringify(respite.generateAccount(3, i)))];
    const bad = [
        ['{', accounts[0], v.at],
        [policies[0], '{"schema":"respite.account/1"}', v.at],
        [policies[0], accounts[0], 'not an instant'],
        [policies[0], JSON.stringify({ ...v.account, timezone: 'Nowhere/Land' }), v.at],
    ];
    const instants = [v.at, '2026-12-20T00:00:00Z', '2027-02-01T12:00:00.500Z'];
    const call = (i) => {
        if (i % 10 === 9) return respite.evaluateJson(...bad[(i / 10 | 0) % bad.length]);
        const policy = policies[(i / 100 | 0) % policies.length]; // the kept policy changes now and then
        return respite.evaluateJson(policy, accounts[i % accounts.length], instants[i % instants.length]);
    };

    // The module keeps the last policy and the last answer (the fast path): measure after the
    // same call each time, so that what is kept is the same.
    const settle = () => respite.evaluateJson(policies[0], accounts[0], v.at);

    const slack = 256;
    const near = (actual, expected, what) =>
        assert.ok(Math.abs(actual - expected) <= slack, `${what}: ${actual} bytes in use, ${expected} after 1,000 calls`);

    let answered = 0;
    for (let i = 0; i < 1000; i++) answered += call(i).length > 0;
    settle();
    const memory = respite._heapBytes();
    const inUse = respite._heapInUse();
    for (let i = 1000; i < total; i++) {
        answered += call(i).length > 0;
        if (i % 10_000 === 0) {
            settle();
            assert.equal(respite._heapBytes(), memory, `wasm memory after ${i} calls`);
            near(respite._heapInUse(), inUse, `after ${i} calls`);
        }
    }
    assert.equal(answered, total);
    settle();
    assert.equal(respite._heapBytes(), memory, 'wasm memory');
    near(respite._heapInUse(), inUse, `after ${total} calls`);
});
