#!/usr/bin/env bash
# serve-load.sh [RESPITE] — load on `respite serve` (a benchmark, not a test): wrk against
# POST /v1/evaluate on loopback for 30 s; prints requests/s, p50/p99 latency, errors (must be 0)
# and the server's RSS before and after.
#
#   bench/serve-load.sh                       # build/native/cli/respite, 30 s, 16 connections
#   DURATION=10s CONNECTIONS=8 bench/serve-load.sh build/asan/cli/respite
#
# httplib serves one connection per worker thread for as long as it is kept alive, so the
# server gets as many threads as wrk opens connections.
set -euo pipefail
cd "$(dirname "$0")/.."
respite=${1:-build/native/cli/respite}
duration=${DURATION:-30s}
connections=${CONNECTIONS:-16}
wrk_threads=${WRK_THREADS:-2}
policy=${POLICY:-presets/standard.json}
account=${ACCOUNT:-examples/server-check-cpp/restricted-account.json}
command -v wrk >/dev/null || { echo "serve-load: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[ -x "$respite" ] || { echo "serve-load: no $respite (build first: scripts/build.sh)" >&2; exit 2; }

work=$(mktemp -d)
"$respite" serve --policy "$policy" --port 0 --threads "$connections" 2>"$work/log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
port=
for _ in $(seq 1 200); do
    port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/log" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || { cat "$work/log" >&2; exit 1; }
url="http://127.0.0.1:$port/v1/evaluate?at=2026-12-04T15:00:00Z"
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$pid/status"; }

cat >"$work/evaluate.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open("$account", "rb"))
wrk.body = f:read("*a")
f:close()
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests=%d\nseconds=%.3f\np50_us=%d\np99_us=%d\nmax_us=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    latency.max))
  io.write(string.format("errors=%d\nerrors_detail=connect %d, read %d, write %d, status %d, timeout %d\n",
    e.connect + e.read + e.write + e.status + e.timeout, e.connect, e.read, e.write, e.status, e.timeout))
end
EOF

# The response must be a status before anything is measured.
curl -sf -X POST --data-binary @"$account" "$url" | grep -q '"schema":"respite.status/1"' ||
    { echo "serve-load: /v1/evaluate does not answer with a status" >&2; exit 1; }
wrk -t "$wrk_threads" -c "$connections" -d 3s -s "$work/evaluate.lua" "$url" >/dev/null # warm-up
rss_before=$(rss_kb)
wrk -t "$wrk_threads" -c "$connections" -d "$duration" --latency -s "$work/evaluate.lua" "$url" >"$work/wrk.out"
rss_after=$(rss_kb)

get() { awk -F= -v k="$1" '$1 == k { print $2 }' "$work/wrk.out"; }
requests=$(get requests) seconds=$(get seconds)
echo "respite serve — POST /v1/evaluate on loopback ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) before;" \
     "wrk -t$wrk_threads -c$connections -d$duration; $connections server threads)"
awk -v n="$requests" -v s="$seconds" 'BEGIN { printf "  requests/s    %.0f  (%d requests in %.1f s)\n", n / s, n, s }'
for p in p50 p99 max; do
    awk -v p="$p" -v us="$(get ${p}_us)" 'BEGIN { printf "  latency %-5s %.3f ms\n", p, us / 1000 }'
done
echo "  errors        $(get errors)  ($(get errors_detail))"
echo "  RSS           ${rss_before} kB before, ${rss_after} kB after"
[ "$(get errors)" = 0 ] || { echo "serve-load: errors under load" >&2; exit 1; }
