#!/bin/sh
# Builds rust-conf.wasm with cargo (extism-pdk, serde_json from crates.io) for
# wasm32-unknown-unknown. That target comes from rustup's distribution server,
# not a package registry. Where cargo or the target is missing this says so
# and builds nothing, and the suite reports the Rust column as not built (never
# as a pass) — except in CI, where it fails (scripts/lib/require-tool.sh;
# .ci/run adds the target first).
set -eu
cd "$(dirname "$0")"
. ../../../scripts/lib/require-tool.sh
require_tool rust-conf cargo "install Rust with rustup from https://rustup.rs" || exit 0
wasm_target_installed() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown
}
require_tool rust-conf "the wasm32-unknown-unknown Rust target" "rustup target add wasm32-unknown-unknown" \
  wasm_target_installed || exit 0
cargo build --quiet --release --target wasm32-unknown-unknown
mkdir -p build
cp target/wasm32-unknown-unknown/release/rust_conf.wasm build/rust-conf.wasm
