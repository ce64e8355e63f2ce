#!/usr/bin/env bash
# bench/report-bench.sh — `respite report` over 1,000,000 generated accounts: accounts/s and
# MB/s with one and two threads, peak RSS at 100 k and 1 M accounts, beside Node's JSON.parse
# alone on the same file. Prints figures only; nothing here passes or fails on a time.
#
# Environment (all optional):
#   ACCOUNTS=1000000  SMALL=100000  SEED=7  POLICY=preset:stripe-default  AT=2026-12-04T16:00:00Z
#   RUNS=3 (passes of -j1, -j2 and Node's JSON.parse, in turn; the medians are printed)
#   BUILD_DIR=build/native (built with the `native` preset when the CLI is missing there)
set -euo pipefail
cd "$(dirname "$0")/.."

ACCOUNTS=${ACCOUNTS:-1000000}
RUNS=${RUNS:-3}
SMALL=${SMALL:-100000}
SEED=${SEED:-7}
POLICY=${POLICY:-preset:stripe-default}
AT=${AT:-2026-12-04T16:00:00Z}
BUILD_DIR=${BUILD_DIR:-build/native}
OUT=bench/out
mkdir -p "$OUT"
CLI=$BUILD_DIR/cli/respite
if [[ ! -x $CLI ]]; then
    echo "== building $CLI"
    cmake --preset native -B "$BUILD_DIR" >/dev/null
    cmake --build "$BUILD_DIR" --target respite -j "$(nproc)" >/dev/null
fi

BIG=$OUT/report-$ACCOUNTS.ndjson
LITTLE=$OUT/report-$SMALL.ndjson
[[ -s $BIG ]] || { echo "== generating $ACCOUNTS accounts (seed $SEED)"; "$CLI" generate --accounts "$ACCOUNTS" --seed "$SEED" >"$BIG"; }
[[ -s $LITTLE ]] || head -n "$SMALL" "$BIG" >"$LITTLE"
BIG_BYTES=$(stat -c %s "$BIG")
echo "   $BIG: $ACCOUNTS accounts, $(awk -v b="$BIG_BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB"

# run FILE THREADS → SECS (wall) and RSS_KB (peak resident set)
run() {
    local file=$1 threads=$2 t0 t1
    t0=$EPOCHREALTIME
    /usr/bin/time -v -o "$OUT/report-time.txt" "$CLI" report --quiet -j "$threads" \
        --policy "$POLICY" --at "$AT" -o "$OUT/report-$threads.json" "$file"
    t1=$EPOCHREALTIME
    SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
    RSS_KB=$(awk -F': ' '/Maximum resident set size/{print $2}' "$OUT/report-time.txt")
}

# Node's JSON.parse alone on the same lines (one thread). The file is larger than one V8
# string may be, so it is read in blocks; only the JSON.parse calls are timed.
node_parse() {
    node --input-type=module - "$BIG" <<'JS'
import { openSync, readSync } from 'node:fs';
const fd = openSync(process.argv[2], 'r');
const block = Buffer.alloc(8 << 20);
let carry = '', lines = 0, bytes = 0, parseNs = 0n, sink = 0, n;
while ((n = readSync(fd, block, 0, block.length, null)) > 0) {
  const text = carry + block.toString('utf8', 0, n);
  const cut = text.lastIndexOf('\n');
  carry = text.slice(cut + 1);
  const batch = text.slice(0, cut).split('\n');
  const t0 = process.hrtime.bigint();
  for (const l of batch) if (l.length) { sink += JSON.parse(l).invoices.length; lines++; }
  parseNs += process.hrtime.bigint() - t0;
  for (const l of batch) bytes += l.length + 1;
}
const s = Number(parseNs) / 1e9;
console.log(`${process.version} ${lines} ${bytes} ${s.toFixed(3)}${sink < 0 ? ' ' : ''}`);
JS
}

# The machine is shared: RUNS passes of each (-j1, -j2 and Node in turn, so that noise hits them
# alike); the median of each is printed (every pass is listed too).
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END{print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
echo "== respite report ($POLICY, at $AT), $RUNS passes each"
T1=(); T2=(); TN=(); RSS_BIG=0
for ((r = 0; r < RUNS; r++)); do
    run "$BIG" 1
    T1+=("$SECS"); ((RSS_KB > RSS_BIG)) && RSS_BIG=$RSS_KB
    run "$BIG" 2
    T2+=("$SECS")
    read -r NODE_VERSION NODE_LINES NODE_BYTES secs <<<"$(node_parse)"
    TN+=("$secs")
done
echo "   -j1: ${T1[*]} s; -j2: ${T2[*]} s; Node JSON.parse: ${TN[*]} s"
S1=$(median "${T1[@]}"); S2=$(median "${T2[@]}"); NODE_SECS=$(median "${TN[@]}")
cmp -s "$OUT/report-1.json" "$OUT/report-2.json" && same=identical || same=DIFFERENT
run "$LITTLE" 1
RSS_LITTLE=$RSS_KB


fmt() { awk -v n="$1" -v s="$2" -v b="$BIG_BYTES" 'BEGIN{printf "%9.0f accounts/s  %6.1f MB/s  (%.2f s)", n/s, b/s/1e6, s}'; }
echo
echo "accounts: $ACCOUNTS, file: $(awk -v b="$BIG_BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB (MB = 10^6 bytes)"
echo "respite report -j1:        $(fmt "$ACCOUNTS" "$S1")"
echo "respite report -j2:        $(fmt "$ACCOUNTS" "$S2")   speed-up $(awk -v a="$S1" -v b="$S2" 'BEGIN{printf "%.2f", a/b}')x, output $same"
echo "node $NODE_VERSION JSON.parse: $(fmt "$NODE_LINES" "$NODE_SECS")   (parse only, one thread)"
echo "report -j1 / JSON.parse:   $(awk -v a="$S1" -v b="$NODE_SECS" 'BEGIN{printf "%.2f", b/a}')x   report -j2 / JSON.parse: $(awk -v a="$S2" -v b="$NODE_SECS" 'BEGIN{printf "%.2f", b/a}')x"
echo "peak RSS -j1: $((RSS_LITTLE / 1024)) MiB at $SMALL accounts, $((RSS_BIG / 1024)) MiB at $ACCOUNTS"
