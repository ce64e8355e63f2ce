#!/usr/bin/env bash
# serve_test.sh RESPITE SOURCE_DIR WORK_DIR — `respite serve` as a deployment runs it: started on
# a free loopback port, every route called with curl (good and bad requests), the size and time
# limits, SIGHUP reloads with a good and a bad policy file, SIGTERM shutdown.
set -uo pipefail
respite=$1 source=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cp "$source/presets/standard.json" "$work/policy.json"
account=$source/examples/server-check-cpp/restricted-account.json
stripe=$source/native-tests/import/stripe/01-failed-renewal-soft-decline.json

passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAILED: $*" >&2; }
expect_eq() { [ "$2" = "$3" ] && ok || bad "$1: expected '$3', got '$2'"; }
expect_in() { case "$2" in *"$3"*) ok ;; *) bad "$1: expected to find '$3' in: ${2:0:600}" ;; esac; }

"$respite" serve --policy "$work/policy.json" --port 0 --threads 4 --timeout 1 2>"$work/log" &
pid=$!
trap 'kill -KILL $pid 2>/dev/null' EXIT
port=
for _ in $(seq 1 200); do
    port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/log" | grep -o '[0-9]*$')
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || { cat "$work/log" >&2; echo "serve did not start" >&2; exit 1; }
base=http://127.0.0.1:$port

# call METHOD PATH [curl args…] → sets $code, $body, $headers
call() {
    local method=$1 path=$2
    shift 2
    code=$(curl -sS -o "$work/body" -D "$work/headers" -w '%{http_code}' -X "$method" "$@" "$base$path")
    body=$(cat "$work/body")
    headers=$(cat "$work/headers")
}

# GET /healthz
call GET /healthz
expect_eq "healthz status" "$code" 200
expect_in "healthz body" "$body" '"status":"ok"'
expect_in "healthz policy" "$body" '"policy_id":"standard"'
expect_in "healthz type" "$headers" 'Content-Type: application/json'

# GET /v1/policy: the document served, byte for byte
call GET /v1/policy
expect_eq "policy status" "$code" 200
cmp -s "$work/body" "$work/policy.json" && ok || bad "policy body differs from the file"
expect_in "policy id header" "$headers" 'X-Respite-Policy-Id: standard'

# POST /v1/evaluate: the same bytes as the CLI
call POST "/v1/evaluate?at=2026-12-04T15:00:00Z" --data-binary @"$account"
expect_eq "evaluate status" "$code" 200
cli=$("$respite" evaluate --policy "$work/policy.json" --account "$account" --at 2026-12-04T15:00:00Z)
expect_eq "evaluate = CLI" "$body" "$cli"
expect_in "evaluate stage" "$body" '"stage":{"name":"warning"'
call POST /v1/evaluate --data-binary @"$account"
expect_eq "evaluate now" "$code" 200
expect_in "evaluate now body" "$body" '"schema":"respite.status/1"'

# bad requests: the CLI's paths and codes
call POST "/v1/evaluate?at=tomorrow" --data-binary @"$account"
expect_eq "bad at status" "$code" 400
expect_in "bad at" "$body" '"path":"/at","code":"invalid_instant"'
call POST "/v1/evaluate?at=2026-12-04T15:00:00Z" --data-binary 'not json'
expect_eq "not json status" "$code" 400
expect_in "not json" "$body" '"path":"/account","code":"invalid_json"'
sed 's/"due_at": "2026-11-28T09:00:00Z"/"due_at": "2026-02-30T09:00:00Z"/' "$account" >"$work/bad-account.json"
call POST "/v1/evaluate?at=2026-12-04T15:00:00Z" --data-binary @"$work/bad-account.json"
expect_eq "bad account status" "$code" 400
cli=$("$respite" evaluate --policy "$work/policy.json" --account "$work/bad-account.json" --at 2026-12-04T15:00:00Z)
expect_eq "bad account = CLI" "$body" "$cli"
expect_in "bad account path" "$body" '"path":"/account/invoices/0/due_at","code":"invalid_timestamp"'
head -c 4194305 /dev/zero | tr '\0' ' ' >"$work/big.json"
call POST /v1/evaluate --data-binary @"$work/big.json"
expect_eq "too large status" "$code" 413
expect_in "too large" "$body" '"code":"document_too_large"'

# wrong method, unknown route
call GET /v1/evaluate
expect_eq "GET evaluate" "$code" 405
expect_in "GET evaluate allow" "$headers" 'Allow: POST'
expect_in "GET evaluate body" "$body" '"code":"method_not_allowed"'
call DELETE /v1/policy
expect_eq "DELETE policy" "$code" 405
expect_in "DELETE policy allow" "$headers" 'Allow: GET'
call POST /healthz --data-binary '{}'
expect_eq "POST healthz" "$code" 405
call GET /v1/import/stripe
expect_eq "GET import" "$code" 405
call GET /v2/evaluate
expect_eq "unknown route" "$code" 404
expect_in "unknown route body" "$body" '"code":"not_found"'

# POST /v1/import/{provider}
call POST /v1/import/stripe --data-binary @"$stripe"
expect_eq "import status" "$code" 200
cli=$("$respite" import stripe --envelope --quiet "$stripe")
expect_eq "import = CLI" "$body" "$cli"
expect_in "import unmapped" "$body" '"unmapped":["/0/delinquent","/2/next_payment_attempt"]'
call POST /v1/import/stripe --data-binary @"$source/native-tests/import/stripe/05-malformed.json"
expect_eq "import malformed status" "$code" 400
expect_in "import malformed" "$body" '"path":"/data/0/status","code":"invalid_value"'
call POST /v1/import/paypal --data-binary '{}'
expect_eq "import unknown provider" "$code" 404
expect_in "import unknown provider body" "$body" '"code":"unsupported_provider"'

# time limit: a request that never finishes sending is cut off after --timeout
start=$(date +%s%N)
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'POST /v1/evaluate HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\n{' >&3
stalled=$(timeout 10 cat <&3)
exec 3<&- 3>&-
elapsed=$((($(date +%s%N) - start) / 1000000))
[ "$elapsed" -lt 5000 ] && ok || bad "a stalled request was held ${elapsed} ms (timeout 1 s)"
expect_in "stalled request answer" "$stalled" "HTTP/1.1 400"
expect_in "stalled request body" "$stalled" '"code":"bad_request"'


# a second server on the same port refuses to start
timeout 10 "$respite" serve --policy "$work/policy.json" --port "$port" 2>"$work/second.log"
expect_eq "port in use exit code" "$?" 2

# SIGHUP with a good file: the new policy is served
sed 's/"id": "standard"/"id": "standard-v2"/' "$source/presets/standard.json" >"$work/policy.json.new"
mv "$work/policy.json.new" "$work/policy.json"
kill -HUP $pid
for _ in $(seq 1 100); do
    call GET /healthz
    case "$body" in *standard-v2*) break ;; esac
    sleep 0.05
done
expect_in "reloaded policy" "$body" '"policy_id":"standard-v2"'
expect_in "reload logged" "$(cat "$work/log")" "policy 'standard-v2' is now served"

# SIGHUP with a bad file: the old policy stays, and the log says why
printf '{"schema":"respite.policy/1","id":"broken","stages":[]}' >"$work/policy.json"
kill -HUP $pid
for _ in $(seq 1 100); do
    grep -q "still serving" "$work/log" && break
    sleep 0.05
done
expect_in "bad reload logged" "$(cat "$work/log")" "still serving 'standard-v2'"
expect_in "bad reload reason" "$(cat "$work/log")" "empty_stages"
call GET /healthz
expect_in "policy kept" "$body" '"policy_id":"standard-v2"'
call POST "/v1/evaluate?at=2026-12-04T15:00:00Z" --data-binary @"$account"
expect_eq "evaluate after bad reload" "$code" 200
expect_in "evaluate after bad reload" "$body" '"policy_id":"standard-v2"'
printf 'not json at all' >"$work/policy.json"
kill -HUP $pid
sleep 0.3
call GET /healthz
expect_in "policy kept after invalid JSON" "$body" '"policy_id":"standard-v2"'

# SIGTERM: a clean stop
kill -TERM $pid
for _ in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.05; done
wait $pid
expect_eq "exit code after SIGTERM" "$?" 0
expect_in "stop logged" "$(cat "$work/log")" "SIGTERM: finishing the requests in flight"
trap - EXIT

echo "serve: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
