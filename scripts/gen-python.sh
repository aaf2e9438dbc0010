#!/bin/sh
# Regenerates the Python SDK's protobuf and gRPC stubs from proto/ into
# sdks/python/src (grpcio-tools, pinned in sdks/python/pyproject.toml's `dev`
# extra; run it from a venv where that is installed, or set PYTHON). With
# --check, fails when the committed stubs are stale, as CI checks TS and Go.
set -eu
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
out=sdks/python/src
rm -rf "$out/holomush"
mkdir -p "$out"
"$python" -m grpc_tools.protoc -I proto \
  --python_out="$out" --pyi_out="$out" --grpc_python_out="$out" \
  $(find proto -name '*.proto' | sort)
# Package markers so setuptools and mypy see regular packages.
find "$out/holomush" -type d -exec touch {}/__init__.py \;
if [ "${1:-}" = "--check" ] && [ -n "$(git status --porcelain -- "$out/holomush")" ]; then
  git status --porcelain -- "$out/holomush"
  echo "generated Python stubs are stale: run 'sh scripts/gen-python.sh' and commit sdks/python/src/holomush" >&2
  exit 1
fi
