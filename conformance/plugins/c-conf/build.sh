#!/bin/sh
# Builds c-conf.wasm with Debian's clang and lld: no libc, no WASI, exports only.
set -eu
cd "$(dirname "$0")"
mkdir -p build
clang --target=wasm32 -O2 -nostdlib -ffreestanding -Wall -Werror \
  -Wl,--no-entry -Wl,-z,stack-size=65536 \
  -o build/c-conf.wasm conf.c
