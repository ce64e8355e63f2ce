// initialDataScript (web/src/initial-data.js), the server's side of `initial-data`: the data
// comes back from the element's text unchanged, and nothing in it can end the element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialDataScript } from '../src/initial-data.js';

const open = '<script type="application/json" id="billing">';

test('the data round-trips, with every "<" escaped so no string can close the element', () => {
  const data = {
    account: { id: 'acct_</script><script>alert(1)</script>', name: '<!-- \u202Eevil & "quoted" \u2028' },
    status: { banner: { show: true } },
  };
  const html = initialDataScript(data, 'billing');
  assert.ok(html.startsWith(open));
  assert.ok(html.endsWith('</script>'));
  const body = html.slice(open.length, -'</script>'.length);
  assert.equal(body.includes('<'), false, 'no "<" inside the element');
  assert.equal(body, '{"account":{"id":"acct_\\u003c/script>\\u003cscript>alert(1)\\u003c/script>","name":"\\u003c!-- \u202Eevil & \\"quoted\\" \u2028"},"status":{"banner":{"show":true}}}');
  assert.deepEqual(JSON.parse(body), data);
});

test('the id defaults to respite-data, and a bad id or non-object data is refused by name', () => {
  assert.ok(initialDataScript({}).startsWith('<script type="application/json" id="respite-data">{}'));
  assert.throws(() => initialDataScript({}, 'x" onload="y'), /id must be letters, digits/);
  assert.throws(() => initialDataScript({}, '1abc'), /starting with a letter/);
  assert.throws(() => initialDataScript([], 'ok'), /data must be an object/);
  assert.throws(() => initialDataScript(null), /data must be an object/);
});
