// Time zones from the host's Intl (wasm/intl_zone_source.cpp): UTC offsets across DST, half-hour
// zones, aliases, unknown zones (error /account/timezone unknown_time_zone), and deadlines that
// move to local midnight through them. The module carries no zone database.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { respite } from './package.mjs';

const offset = (zone, at) => respite._zoneOffset(zone, at);

test('zones: Europe/Amsterdam +1 -> +2 at 2027-03-28T01:00Z and back at 2027-10-31T01:00Z', () => {
    assert.equal(offset('Europe/Amsterdam', '2027-03-28T00:59:59.999Z'), 3600);
    assert.equal(offset('Europe/Amsterdam', '2027-03-28T01:00:00Z'), 7200);
    assert.equal(offset('Europe/Amsterdam', '2027-03-28T00:30:00Z'), 3600);
    assert.equal(offset('Europe/Amsterdam', '2027-07-01T12:00:00Z'), 7200);
    assert.equal(offset('Europe/Amsterdam', '2027-10-31T00:59:59Z'), 7200);
    assert.equal(offset('Europe/Amsterdam', '2027-10-31T01:00:00Z'), 3600);
});

test('zones: America/New_York -5 -> -4 at 2027-03-14T07:00Z and back at 2027-11-07T06:00Z', () => {
    assert.equal(offset('America/New_York', '2027-03-14T06:59:59Z'), -18000);
    assert.equal(offset('America/New_York', '2027-03-14T07:00:00Z'), -14400);
    assert.equal(offset('America/New_York', '2027-11-07T05:59:59.999Z'), -14400);
    assert.equal(offset('America/New_York', '2027-11-07T06:00:00Z'), -18000);
});

test('zones: half-hour offsets and transitions (Kolkata +5:30, Lord Howe +10:30 <-> +11)', () => {
    assert.equal(offset('Asia/Kolkata', '2027-01-01T00:00:00Z'), 19800);
    assert.equal(offset('Asia/Kolkata', '2027-07-01T00:00:00Z'), 19800);
    // Lord Howe moves by 30 minutes at 02:00 local standard time = 15:30Z: mid-hour in UTC.
    assert.equal(offset('Australia/Lord_Howe', '2026-10-03T15:29:59Z'), 37800);
    assert.equal(offset('Australia/Lord_Howe', '2026-10-03T15:30:00Z'), 39600);
    assert.equal(offset('Australia/Lord_Howe', '2026-10-03T15:00:00Z'), 37800);
    assert.equal(offset('Asia/Kathmandu', '2027-01-01T00:00:00Z'), 20700);
});

test('zones: the cache answers the same whatever order instants are asked in', () => {
    const zone = 'America/Santiago';
    const start = Date.parse('2026-01-01T00:00:00Z');
    const step = 3 * 3600 * 1000 + 17 * 60 * 1000 + 13000; // not hour-aligned
    const instants = Array.from({ length: 3000 }, (_, i) => start + i * step);
    const forward = instants.map((t) => offset(zone, t));
    const backward = [...instants].reverse().map((t) => offset(zone, t)).reverse();
    assert.deepEqual(backward, forward);
    const fresh = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    for (let i = 0; i < instants.length; i += 97) {
        const name = fresh.formatToParts(new Date(instants[i])).find((p) => p.type === 'timeZoneName').value;
        const m = /GMT(?:([+-])(\d\d):(\d\d))?/.exec(name);
        const expected = m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
        assert.equal(forward[i], expected, new Date(instants[i]).toISOString());
    }
});

test('zones: UTC, aliases; unknown names and case variants are unknown (zoneinfo is case-sensitive)', () => {
    assert.equal(offset('UTC', '2027-01-01T00:00:00Z'), 0);
    assert.equal(offset('Etc/UTC', '2027-01-01T00:00:00Z'), 0);
    assert.equal(offset('Asia/Calcutta', '2027-01-01T00:00:00Z'), 19800);
    assert.equal(offset('US/Eastern', '2027-01-01T00:00:00Z'), -18000);
    assert.equal(offset('Mars/Olympus_Mons', '2027-01-01T00:00:00Z'), null);
    assert.equal(offset('', '2027-01-01T00:00:00Z'), null);
    assert.equal(offset('europe/amsterdam', '2027-01-01T00:00:00Z'), null);
    assert.equal(offset('UTC', NaN), null);
});

test('zones: an unknown account zone is the error /account/timezone unknown_time_zone', () => {
    const policy = respite.preset('stripe-default');
    const account = { ...respite.generateAccount(11, 0), timezone: 'Atlantis/Capital' };
    const document = JSON.parse(respite.evaluateJson(JSON.stringify(policy), JSON.stringify(account),
                                                     '2026-12-04T16:00:00Z'));
    assert.equal(document.schema, 'respite.error/1');
    assert.deepEqual(document.errors.map(({ path, code }) => ({ path, code })),
                     [{ path: '/account/timezone', code: 'unknown_time_zone' }]);
});

test('zones: end_of_day deadlines land on local midnight across the Amsterdam spring change', () => {
    const policy = {
        schema: 'respite.policy/1', id: 'eod',
        clock: { starts_at: 'invoice_due', day_boundary: 'end_of_day' },
        stages: [
            { name: 'notice', after: 'P0D', access: 'full', severity: 'info' },
            { name: 'warning', after: 'P1D', access: 'full', severity: 'warning' },
            { name: 'restricted', after: 'P4D', access: 'read_only', severity: 'critical' },
        ],
    };
    const account = {
        schema: 'respite.account/1', id: 'a', timezone: 'Europe/Amsterdam',
        invoices: [{ id: 'in_1', amount_due: 100, amount_paid: 0, currency: 'EUR',
                     due_at: '2027-03-26T12:00:00Z', status: 'open' }],
    };
    const timeline = respite.timeline(policy, account, '2027-03-26T13:00:00Z');
    const at = (name) => timeline.events.find((e) => e.kind === 'stage' && e.name === name);
    // 03-27 14:00Z -> end of 03-27 local = 03-28T00:00+01:00 = 03-27T23:00Z (before the change)
    assert.equal(at('warning').at, '2027-03-27T23:00:00Z');
    assert.equal(at('warning').local, '2027-03-28T00:00:00+01:00');
    // 03-30 12:00Z -> end of 03-30 local = 03-31T00:00+02:00 = 03-30T22:00Z (after the change)
    assert.equal(at('restricted').at, '2027-03-30T22:00:00Z');
    assert.equal(at('restricted').local, '2027-03-31T00:00:00+02:00');
});
