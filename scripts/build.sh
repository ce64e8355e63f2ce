#!/usr/bin/env bash
# Builds the native preset (CLI, tests, benchmarks) and the wasm package.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
cmake --preset native >/dev/null
cmake --build --preset native -j "$jobs"
if [ -f wasm/CMakeLists.txt ]; then
    export NODE_PATH=/usr/share/nodejs
    cmake --preset wasm >/dev/null
    cmake --build --preset wasm -j "$jobs"
fi
