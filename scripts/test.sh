#!/usr/bin/env bash
# Every test: set-up, native build + Catch2/CLI tests (ctest), the same under ASan+UBSan, a fuzz
# smoke (libFuzzer, when clang is installed), the wasm module's tests (node --test), the browser
# tests (Chromium via playwright-core).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
jobs=$(nproc)

echo "== native tests (ctest)"
ctest --preset native -j "$jobs"

echo "== native tests under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs"

if command -v clang++ >/dev/null && [ -x fuzz/run.sh ]; then
    echo "== fuzz smoke (libFuzzer + ASan + UBSan, ${FUZZ_SECONDS:-30} s per target)"
    FUZZ_SECONDS=${FUZZ_SECONDS:-30} FUZZ_BUILD_JOBS="$jobs" ./fuzz/run.sh smoke
fi

if [ -d wasm/tests ]; then
    echo "== wasm tests (node --test)"
    RESPITE_CLI="$PWD/build/native/cli/respite" node --test wasm/tests/
fi
if [ -d examples/server-check-node ] && ls examples/server-check-node/*.test.mjs >/dev/null 2>&1; then
    echo "== node server-check example"
    node --test examples/server-check-node/
fi
if [ -d web/tests ] && [ -f package.json ]; then
    echo "== browser tests (Chromium)"
    node --test --test-concurrency=1 web/tests/
fi
echo "== all tests passed"
