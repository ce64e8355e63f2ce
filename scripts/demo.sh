#!/usr/bin/env bash
# The main job: set up, build, show the CLI on the bundled sample accounts, then serve the demo
# portal (the in-app banner and the billing portal over a small local API) on 127.0.0.1.
#   PORT=8080 (default)   the port to serve on
#   DEMO_NO_SERVE=1       build and print, but do not start the server (used by the tests)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh

cli=build/native/cli/respite
at=2026-12-04T15:00:00Z
echo
echo "== the CLI on the bundled sample accounts, at $at"
for account in examples/portal-demo/accounts/*.json; do
    case "$account" in *hostile*) continue ;; esac # its stage names are made to garble a terminal
    policy=$(node -e 'const a=require(process.argv[1]); process.stdout.write(a.metadata?.demo?.policy ?? "standard")' "$PWD/$account")
    spec=preset:$policy
    [ -f "examples/portal-demo/policies/$policy.json" ] && spec=examples/portal-demo/policies/$policy.json
    printf '%-34s %-16s ' "$(basename "$account")" "$policy"
    "$cli" evaluate --policy "$spec" --account "$account" --at "$at" |
        node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);
          const c=j.countdown?` · ${j.countdown.to} in ${Math.round(j.countdown.seconds/3600)} h`:"";
          console.log(`${j.state}${j.stage?" · "+j.stage.name:""} · access ${j.access.level}${c}`)})'
done
echo
echo "== timeline of the restricted sample"
"$cli" timeline --policy preset:standard --account examples/server-check-cpp/restricted-account.json --at "$at"

if [ "${DEMO_NO_SERVE:-}" = 1 ]; then exit 0; fi
echo
echo "== serving the demo portal on http://127.0.0.1:${PORT:-8080}/ (Ctrl-C stops it)"
exec node examples/portal-demo/server.mjs
