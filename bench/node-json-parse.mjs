// node bench/node-json-parse.mjs FILE.ndjson [RUNS]
// How fast Node's JSON.parse alone goes over every line of an NDJSON file (one thread): the
// yardstick for `respite batch` (docs: DESIGN.md, "Budgets"). Reading and splitting the file are
// not timed. Prints the median of RUNS (default 5) passes; MB = 10^6 bytes of line text.
import { readFileSync } from 'node:fs';

const [file, runsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/node-json-parse.mjs FILE.ndjson [RUNS]');
  process.exit(2);
}
const runs = Math.max(1, Number(runsArg ?? 5) | 0);
const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l, 'utf8'), 0);

let sink = 0;
const times = [];
for (let r = 0; r < runs; r++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < lines.length; i++) sink += JSON.parse(lines[i]).invoices.length;
  times.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
times.sort((a, b) => a - b);
const median = runs % 2 ? times[(runs - 1) / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
const perSecond = lines.length / median;
console.log(
  `node ${process.version} JSON.parse: ${lines.length} lines, ${(bytes / 1e6).toFixed(1)} MB, ` +
    `median of ${runs}: ${median.toFixed(3)} s, ${Math.round(perSecond)} accounts/s, ` +
    `${(bytes / median / 1e6).toFixed(1)} MB/s, ${((median * 1e6) / lines.length).toFixed(2)} us each` +
    (sink < 0 ? ' ' : ''),
);
