#!/bin/sh
# Regenerates the Go SDK's code from proto/ into sdks/go/gen (buf.gen.go.yaml;
# protoc-gen-go and protoc-gen-connect-go pinned by sdks/go/go.mod's `tool`
# directives). With --check, fails when the committed code is stale — the same
# check CI makes for packages/proto/gen.
set -eu
cd "$(dirname "$0")/.."
pnpm exec buf generate --template buf.gen.go.yaml
if [ "${1:-}" = "--check" ] && [ -n "$(git status --porcelain -- sdks/go/gen)" ]; then
  git status --porcelain -- sdks/go/gen
  echo "generated Go code is stale: run 'sh scripts/gen-go.sh' and commit sdks/go/gen" >&2
  exit 1
fi
