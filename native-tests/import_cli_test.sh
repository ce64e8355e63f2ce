#!/usr/bin/env bash
# import_cli_test.sh RESPITE SOURCE_DIR WORK_DIR — `respite import` as a user runs it: several
# files in, the account on stdout, unmapped fields on stderr, exit codes.
set -uo pipefail
respite=$1 source=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fixtures=$source/native-tests/import

passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAILED: $*" >&2; }
expect_eq() { [ "$2" = "$3" ] && ok || bad "$1: expected '$3', got '$2'"; }
expect_in() { case "$2" in *"$3"*) ok ;; *) bad "$1: expected to find '$3' in: ${2:0:600}" ;; esac; }

# One file: the account on stdout (valid), unmapped fields listed on stderr.
"$respite" import stripe "$fixtures/stripe/01-failed-renewal-soft-decline.json" >"$work/account.json" 2>"$work/err"
expect_eq "exit code" "$?" 0
expect_in "account" "$(cat "$work/account.json")" '"schema":"respite.account/1","id":"cus_NffrFeUfNV2Hib"'
expect_in "unmapped on stderr" "$(cat "$work/err")" "/2/next_payment_attempt"
"$respite" validate "$work/account.json" >/dev/null 2>&1
expect_eq "the account validates" "$?" 0
"$respite" evaluate --policy preset:standard --account "$work/account.json" --at 2026-12-04T15:00:00Z >"$work/status.json"
expect_in "evaluates" "$(cat "$work/status.json")" '"state":"grace"'

# Several files are one input (the objects of one customer, split the way the API lists them).
jq_split() { python3 -c "import json,sys; [print(json.dumps(o)) for o in json.load(open(sys.argv[1]))]" "$1"; }
if command -v python3 >/dev/null; then
    jq_split "$fixtures/stripe/01-failed-renewal-soft-decline.json" >"$work/all.ndjson"
    head -n 2 "$work/all.ndjson" >"$work/part1.ndjson"
    tail -n +3 "$work/all.ndjson" >"$work/part2.ndjson"
    "$respite" import stripe "$work/part1.ndjson" "$work/part2.ndjson" >"$work/split.json" 2>/dev/null
    expect_eq "split files exit code" "$?" 0
    cmp -s "$work/split.json" "$work/account.json" && ok || bad "split files give another account"
fi

# stdin, --pretty, --envelope, --quiet
"$respite" import paddle - <"$fixtures/paddle/01-past-due-renewal.json" --pretty --quiet >"$work/pretty.json" 2>"$work/err"
expect_in "pretty" "$(cat "$work/pretty.json")" $'{\n  "schema": "respite.account/1"'
expect_eq "quiet" "$(cat "$work/err")" ""
"$respite" import revenuecat --envelope "$fixtures/revenuecat/01-app-store-billing-issue.json" >"$work/envelope.json" 2>/dev/null
expect_in "envelope" "$(cat "$work/envelope.json")" '{"schema":"respite.import/1","provider":"revenuecat","account":{'

# Bad data: exit 1 and an error document with paths; usage: exit 2.
"$respite" import recurly "$fixtures/recurly/03-malformed.json" >"$work/errors.json" 2>/dev/null
expect_eq "malformed exit code" "$?" 1
expect_in "malformed errors" "$(cat "$work/errors.json")" '"path":"/0/total","code":"invalid_value"'
"$respite" import paypal "$work/account.json" >/dev/null 2>&1
expect_eq "unknown provider exit code" "$?" 2
"$respite" import stripe "$work/no-such-file.json" >/dev/null 2>&1
expect_eq "missing file exit code" "$?" 2

echo "import_cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
