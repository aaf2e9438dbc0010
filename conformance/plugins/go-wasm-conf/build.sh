#!/bin/sh
# Builds go-wasm-conf.wasm: a WASI reactor from standard Go (no PDK, no cgo).
set -eu
cd "$(dirname "$0")"
mkdir -p build
GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o build/go-wasm-conf.wasm .
