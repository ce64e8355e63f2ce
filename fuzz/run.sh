#!/usr/bin/env bash
# Runs every libFuzzer target, one at a time, at low priority (the machine is shared).
#   fuzz/run.sh smoke        about 30 s per target on a throw-away copy of fuzz/corpus (CI)
#   fuzz/run.sh long N       N seconds per target; the working corpus grows in build/fuzz/corpus
#   fuzz/run.sh merge        seeds + what long runs found, minimised and capped, into fuzz/corpus
# fuzz/regressions/<target>/ holds the inputs of past findings: every run replays them first.
# Builds the `fuzz` preset first (clang). Prints the executions per target and in total; a
# finding stops the run with its input saved in build/fuzz/findings/ and a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-smoke}
seconds=${2:-30}
case "$mode" in
    smoke) seconds=${FUZZ_SECONDS:-30} ;;
    long) [[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: fuzz/run.sh long SECONDS" >&2; exit 2; } ;;
    merge) ;;
    *) echo "usage: fuzz/run.sh smoke | long SECONDS | merge" >&2; exit 2 ;;
esac
if ! command -v clang++ >/dev/null; then
    echo "fuzz: clang++ is not installed (apt-get install clang libclang-rt-14-dev)" >&2
    exit 2
fi

# FUZZ_TARGETS picks some: FUZZ_TARGETS="parse_account evaluate" fuzz/run.sh long 600
read -r -a targets <<<"${FUZZ_TARGETS:-parse_policy parse_account instant duration evaluate}"
declare -A max_len=([parse_policy]=16384 [parse_account]=16384 [instant]=96 [duration]=96 [evaluate]=24576)
declare -A dict=([parse_policy]=fuzz/respite.dict [parse_account]=fuzz/respite.dict [evaluate]=fuzz/respite.dict)

cmake --preset fuzz >/dev/null
nice -n 10 cmake --build --preset fuzz --target respite_fuzz -j "${FUZZ_BUILD_JOBS:-1}" >/dev/null
build=build/fuzz
mkdir -p "$build/findings"

if [ "$mode" = merge ]; then
    # The seeds first (rewritten from the vectors), then what long runs found that reaches code
    # the seeds do not — the smallest such inputs, up to FUZZ_MERGE_KB per target.
    node fuzz/seed-corpus.mjs >/dev/null
    for t in "${targets[@]}"; do
        [ -d "$build/corpus/$t" ] || continue
        before=$(mktemp)
        ls "fuzz/corpus/$t" | sort >"$before"
        nice -n 10 "$build/fuzz/${t}_fuzz" -merge=1 -max_len="${max_len[$t]}" "fuzz/corpus/$t" \
            "$build/corpus/$t" >/dev/null 2>&1
        budget=$((${FUZZ_MERGE_KB:-300} * 1024))
        used=0
        while read -r size name; do
            if [ $((used + size)) -le "$budget" ]; then used=$((used + size)); else rm "fuzz/corpus/$t/$name"; fi
        done < <(cd "fuzz/corpus/$t" && ls | sort | comm -13 "$before" - | xargs -r stat -c '%s %n' | sort -n)
        rm -f "$before"
        echo "$t: $(ls "fuzz/corpus/$t" | wc -l) files, $(du -s --apparent-size -k "fuzz/corpus/$t" | cut -f1) KB"
    done
    du -sh --apparent-size fuzz/corpus
    exit 0
fi

total=0
for t in "${targets[@]}"; do
    if [ "$mode" = smoke ]; then
        work=$(mktemp -d)
        trap 'rm -rf "$work"' EXIT
        cp -r "fuzz/corpus/$t/." "$work/"
    else
        work="$build/corpus/$t"
        mkdir -p "$work"
        [ -n "$(ls -A "$work")" ] || cp -r "fuzz/corpus/$t/." "$work/"
    fi
    args=(-max_total_time="$seconds" -max_len="${max_len[$t]}" -timeout=10 -rss_limit_mb=2048
          -print_final_stats=1 -artifact_prefix="$build/findings/$t-")
    [ -n "${dict[$t]:-}" ] && args+=(-dict="${dict[$t]}")
    log="$build/findings/$t.log"
    status=0
    seeds=("$work")
    [ -d "fuzz/regressions/$t" ] && seeds+=("fuzz/regressions/$t") # past findings, always rerun
    nice -n 10 "$build/fuzz/${t}_fuzz" "${args[@]}" "${seeds[@]}" >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    runs=${runs:-0}
    total=$((total + runs))
    printf 'fuzz %-14s %12d executions in %ss\n' "$t" "$runs" "$seconds"
    if [ "$status" -ne 0 ]; then
        echo "fuzz: FINDING in $t (exit $status); input and log in $build/findings/" >&2
        grep -E '== respite fuzz finding|ERROR: |runtime error|SUMMARY' "$log" | head -20 >&2 || true
        exit 1
    fi
    if [ "$mode" = smoke ]; then rm -rf "$work"; trap - EXIT; fi
done
printf 'fuzz %-14s %12d executions, no finding\n' total "$total"
