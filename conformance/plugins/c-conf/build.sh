#!/bin/sh
# Builds c-conf.wasm with Debian's clang and lld: no libc, no WASI, exports only.
# Skipped with one line where they are missing, except in CI
# (scripts/lib/require-tool.sh).
set -eu
cd "$(dirname "$0")"
. ../../../scripts/lib/require-tool.sh
how="on Debian/Ubuntu: apt-get install clang lld"
require_tool c-conf clang "$how" || exit 0
require_tool c-conf wasm-ld "$how" || exit 0
mkdir -p build
clang --target=wasm32 -O2 -nostdlib -ffreestanding -Wall -Werror \
  -Wl,--no-entry -Wl,-z,stack-size=65536 \
  -o build/c-conf.wasm conf.c
