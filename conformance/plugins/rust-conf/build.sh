#!/bin/sh
# Builds rust-conf.wasm with cargo (extism-pdk, serde_json from crates.io) for
# wasm32-unknown-unknown. That target comes from rustup's distribution server,
# not a package registry: where it is not installed, this says so and builds
# nothing, and the suite reports the Rust column as not built (never as a pass).
set -eu
cd "$(dirname "$0")"
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "rust-conf: the wasm32-unknown-unknown target is not installed (rustup target add wasm32-unknown-unknown); skipped" >&2
  exit 0
fi
cargo build --quiet --release --target wasm32-unknown-unknown
mkdir -p build
cp target/wasm32-unknown-unknown/release/rust_conf.wasm build/rust-conf.wasm
