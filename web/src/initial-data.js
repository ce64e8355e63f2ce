// For the server that renders the page: the element that carries the elements' data, and the
// server's own evaluation of it, into the page (read by the `initial-data` attribute).
//
//   import { initialDataScript } from '@respite/web/src/initial-data.js';
//   const status = respite.evaluate(policy, account, new Date().toISOString()); // the same engine
//   html += initialDataScript({ policy, account, status }, 'billing');
//   html += '<respite-banner initial-data="billing" src="/api/billing-status"></respite-banner>';
//
// The JSON is a data block (type="application/json"): never executed, so no CSP allows or blocks
// it. Every "<" in it is written \u003c, which JSON.parse reads back as "<": no string in the data
// (a customer's name, an invoice id) can end the element with "</script>" or open a comment.
// No DOM needed: this runs in Node as well as in a page.
const idPattern = /^[A-Za-z][A-Za-z0-9_-]*$/;

export function initialDataScript(data, id = 'respite-data') {
  if (typeof id !== 'string' || !idPattern.test(id)) {
    throw new TypeError(`initialDataScript: id must be letters, digits, "_" or "-", starting with a letter (got ${JSON.stringify(id)})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TypeError('initialDataScript: data must be an object {policy, account, status?}');
  }
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<script type="application/json" id="${id}">${json}</script>`;
}
