#!/usr/bin/env bash
# bench/run.sh — build, generate sample accounts, and measure `respite batch` against Node's
# JSON.parse on the same file. Prints figures only; nothing here pass/fails on a time.
#
# Environment (all optional):
#   ACCOUNTS=100000   accounts in the big file (a 10,000 one is always made for the RSS check)
#   SEED=7            generator seed
#   RUNS=3            batch runs per configuration (the median is printed)
#   JOBS=$(nproc)     parallel compile jobs
#   BUILD_DIR=...     build directory (default: the `native` preset's, build/native)
#   POLICY=presets/stripe-default.json   AT=2026-12-04T16:00:00Z
set -euo pipefail
cd "$(dirname "$0")/.."

ACCOUNTS=${ACCOUNTS:-100000}
SEED=${SEED:-7}
RUNS=${RUNS:-3}
JOBS=${JOBS:-$(nproc)}
POLICY=${POLICY:-presets/stripe-default.json}
AT=${AT:-2026-12-04T16:00:00Z}
OUT=bench/out
mkdir -p "$OUT"

# --- build -------------------------------------------------------------------------------------
if [[ -n "${BUILD_DIR:-}" ]]; then
    cmake --preset native -B "$BUILD_DIR" >"$OUT/configure.log"
else
    BUILD_DIR=build/native
    cmake --preset native >"$OUT/configure.log"
fi
echo "== building in $BUILD_DIR (-j$JOBS)"
cmake --build "$BUILD_DIR" -j "$JOBS" --target respite respite_bench >"$OUT/build.log" \
    || { tail -40 "$OUT/build.log"; exit 1; }
CLI=$BUILD_DIR/cli/respite
BENCH=$BUILD_DIR/bench/respite_bench

# --- data --------------------------------------------------------------------------------------
BIG=$OUT/accounts.ndjson
SMALL=$OUT/accounts-10k.ndjson
echo "== generating $ACCOUNTS accounts (seed $SEED)"
"$CLI" generate --accounts "$ACCOUNTS" --seed "$SEED" >"$BIG"
"$CLI" generate --accounts 10000 --seed "$SEED" >"$SMALL"
BIG_BYTES=$(stat -c %s "$BIG")
SMALL_BYTES=$(stat -c %s "$SMALL")
echo "   $BIG: $(wc -l <"$BIG") lines, $(awk -v b="$BIG_BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB"

# --- in-process figures ------------------------------------------------------------------------
echo "== core, in process (respite_bench)"
"$BENCH" --accounts 20000 --seed "$SEED" --runs 5 --at "$AT" --policy "$POLICY" | sed 's/^/   /'

# --- batch -------------------------------------------------------------------------------------
# run_batch FILE THREADS → sets SECS (median wall time of $RUNS runs) and RSS_KB (max of the runs)
run_batch() {
    local file=$1 threads=$2 times=() rss=0 t0 t1 kb
    for ((r = 0; r < RUNS; r++)); do
        t0=$EPOCHREALTIME
        /usr/bin/time -v -o "$OUT/time.txt" "$CLI" batch --quiet --threads "$threads" \
            --policy "$POLICY" --at "$AT" "$file" >/dev/null
        t1=$EPOCHREALTIME
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.6f", b-a}')")
        kb=$(awk -F': ' '/Maximum resident set size/{print $2}' "$OUT/time.txt")
        ((kb > rss)) && rss=$kb
    done
    SECS=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END{print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}')
    RSS_KB=$rss
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN{printf "%.0f", n/s}'; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN{printf "%.1f", b/s/1e6}'; }

LINES=$(wc -l <"$BIG")
echo "== respite batch --policy $POLICY --at $AT ($LINES accounts, median of $RUNS)"
declare -A RATE
for threads in 1 $(nproc); do
    [[ -n "${RATE[$threads]:-}" ]] && continue
    run_batch "$BIG" "$threads"
    RATE[$threads]=$(rate "$LINES" "$SECS")
    printf '   %d thread(s): %8.3f s  %9s accounts/s  %7s MB/s  peak RSS %6.1f MB\n' \
        "$threads" "$SECS" "${RATE[$threads]}" "$(mbps "$BIG_BYTES" "$SECS")" \
        "$(awk -v k="$RSS_KB" 'BEGIN{print k/1024}')"
done

echo "== Node JSON.parse alone, same file"
NODE_LINE=$(node bench/node-json-parse.mjs "$BIG" 5)
echo "   $NODE_LINE"
NODE_RATE=$(sed -E 's/.* ([0-9]+) accounts\/s.*/\1/' <<<"$NODE_LINE")
awk -v r="${RATE[1]}" -v n="$NODE_RATE" \
    'BEGIN{printf "   respite batch, 1 thread / Node JSON.parse = %.2f (budget: >= 1.00)\n", r/n}'

echo "== memory is flat: peak RSS by input size (1 thread)"
run_batch "$SMALL" 1
printf '   %7d accounts (%5.1f MB): peak RSS %6.1f MB\n' 10000 \
    "$(awk -v b="$SMALL_BYTES" 'BEGIN{print b/1e6}')" "$(awk -v k="$RSS_KB" 'BEGIN{print k/1024}')"
run_batch "$BIG" 1
printf '   %7d accounts (%5.1f MB): peak RSS %6.1f MB\n' "$LINES" \
    "$(awk -v b="$BIG_BYTES" 'BEGIN{print b/1e6}')" "$(awk -v k="$RSS_KB" 'BEGIN{print k/1024}')"
