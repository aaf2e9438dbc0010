#!/bin/sh
# Builds go-wasm-conf.wasm: a WASI reactor from standard Go (no PDK, no cgo).
# Skipped with one line where Go is missing, except in CI
# (scripts/lib/require-tool.sh).
set -eu
cd "$(dirname "$0")"
. ../../../scripts/lib/require-tool.sh
require_tool go-wasm-conf go "install Go 1.26+ from https://go.dev/dl" || exit 0
mkdir -p build
GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o build/go-wasm-conf.wasm .
