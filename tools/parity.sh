#!/usr/bin/env bash
# Parity at scale (issue 6): generated accounts evaluated natively (`respite batch`, one thread)
# and by the wasm module (evaluateJson in Node) must give byte-identical documents.
#   tools/parity.sh [ACCOUNTS] [SEED]     default 10,000 accounts, seed 20261204
#   tools/parity.sh corpus                the fuzz corpora instead: every UTF-8 triple of the
#                                         evaluate corpus (`respite evaluate`) and every account
#                                         of the parse_account corpus under every preset (batch)
# Every account is evaluated at 5 instants (around the data's "now", across DST changes, with
# milliseconds), each instant under a different preset; PARITY_ALL_PRESETS=1 runs every preset
# at every instant (6× the work). CI runs a smaller slice: tools/parity.sh 1000.
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=${1:-10000}
seed=${2:-20261204}
cli=build/native/cli/respite
package=${RESPITE_WASM_PACKAGE:-build/wasm/package}

if [ ! -x "$cli" ]; then
    cmake --preset native >/dev/null && cmake --build --preset native --target respite -j "${BUILD_JOBS:-1}" >/dev/null
fi
if [ ! -f "$package/respite.wasm" ]; then
    export NODE_PATH=/usr/share/nodejs
    cmake --preset wasm >/dev/null && cmake --build --preset wasm -j "${BUILD_JOBS:-1}" >/dev/null
fi
[ -f "$package/node.mjs" ] || { echo "parity: no wasm package in $package" >&2; exit 2; }

if [ "$accounts" = corpus ]; then
    dirs() { for d in "fuzz/corpus/$1" "fuzz/regressions/$1" "build/fuzz/corpus/$1"; do [ -d "$d" ] && echo "$d"; done; }
    node tools/parity.mjs --triples "$cli" $(dirs evaluate)
    node tools/parity.mjs --accounts "$cli" $(dirs parse_account)
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" generate --accounts "$accounts" --seed "$seed" >"$work/accounts.ndjson"

instants=(2026-11-20T09:00:00Z 2026-12-04T16:00:00Z 2026-12-08T23:30:00.250Z
          2027-01-10T00:00:00Z 2027-03-28T01:00:00Z)
presets=()
for p in presets/*.json; do presets+=("$p"); done
runs=()
n=0
for i in "${!instants[@]}"; do
    at=${instants[$i]}
    if [ "${PARITY_ALL_PRESETS:-0}" = 1 ]; then chosen=("${presets[@]}"); else chosen=("${presets[$((i % ${#presets[@]}))]}"); fi
    for policy in "${chosen[@]}"; do
        out="$work/native-$n.ndjson"
        "$cli" batch --quiet --threads 1 --policy "$policy" --at "$at" "$work/accounts.ndjson" >"$out" || true
        runs+=("$policy" "$at" "$out")
        n=$((n + 1))
    done
done
node tools/parity.mjs "$work/accounts.ndjson" "${runs[@]}"
