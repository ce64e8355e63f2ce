#!/usr/bin/env bash
# Installs everything Respite needs on Debian 12 (as root), then the npm packages. Idempotent:
# apt runs only when a package is missing; npm ci only when package-lock.json changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake git ca-certificates tzdata
          nlohmann-json3-dev libsimdjson-dev catch2 libcli11-dev libhowardhinnant-date-dev
          emscripten node-acorn chromium clang libclang-rt-14-dev
          libcpp-httplib-dev pkg-config curl wrk)
# Node and npm come with the base image (Node 20, npm 11); Debian's are only a fallback.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages: the root (browser tests, demo) and the report's chart library (embedded into the
# CLI at build time). `npm ci` again only when a lock file changed.
for dir in . tools/report-assets; do
    [ -f "$dir/package-lock.json" ] || continue
    stamp=$dir/node_modules/.respite-lock
    if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
        echo "setup: npm ci in $dir"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
        cp "$dir/package-lock.json" "$stamp"
    fi
done
