#!/usr/bin/env bash
# Builds a platform .vsix that carries the fdl server: `npm run package:platform -- TARGET`
# (TARGET as vsce names it: linux-x64, linux-arm64, darwin-arm64, win32-x64, ...).
#
# By default the release binary of this machine is built (`cargo build --release -p fdl-cli`)
# and used, so TARGET must be this machine's platform. FDL_BIN=/path/to/fdl uses a binary
# built elsewhere instead (a cross build, or a debug build for a quick try).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
target="${1:-}"
case "$target" in
    linux-x64|linux-arm64|linux-armhf|alpine-x64|alpine-arm64|darwin-x64|darwin-arm64|win32-x64|win32-arm64) ;;
    *)
        echo "usage: npm run package:platform -- TARGET" >&2
        echo "  TARGET: linux-x64, linux-arm64, linux-armhf, alpine-x64, alpine-arm64, darwin-x64, darwin-arm64, win32-x64 or win32-arm64" >&2
        exit 2
        ;;
esac

# The platform vsce calls this machine, to refuse packing a binary for another one by mistake.
host_os="$(uname -s)"
host_arch="$(uname -m)"
case "$host_os" in
    Linux) host="linux" ;;
    Darwin) host="darwin" ;;
    MINGW*|MSYS*|CYGWIN*) host="win32" ;;
    *) host="$host_os" ;;
esac
case "$host_arch" in
    x86_64|amd64) host="$host-x64" ;;
    aarch64|arm64) host="$host-arm64" ;;
    armv7l) host="$host-armhf" ;;
    *) host="$host-$host_arch" ;;
esac

exe="fdl"
case "$target" in win32-*) exe="fdl.exe" ;; esac

if [[ -n "${FDL_BIN:-}" ]]; then
    binary="$FDL_BIN"
else
    if [[ "$target" != "$host" && ! ( "$target" == alpine-* && "${target#alpine-}" == "${host#linux-}" ) ]]; then
        echo "error: this machine is $host; to package for $target, build fdl for it and pass FDL_BIN=/path/to/$exe" >&2
        exit 2
    fi
    echo "Building the release fdl binary (cargo build --release -p fdl-cli)..." >&2
    (cd "$repo" && cargo build --release --locked -p fdl-cli)
    binary="$repo/target/release/$exe"
fi
if [[ ! -f "$binary" ]]; then
    echo "error: no fdl binary at $binary" >&2
    exit 2
fi

cd "$here"
rm -rf server
mkdir server
cp "$binary" "server/$exe"
chmod 755 "server/$exe"
# Remove the copy whatever happens, so that a later `npm run package` stays platform-neutral.
trap 'rm -rf "$here/server"' EXIT

node scripts/build.mjs --production
npx vsce package --no-dependencies --allow-missing-repository --target "$target"
