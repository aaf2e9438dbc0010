#!/bin/sh
# CI for sdks/go: generated code up to date (buf + the tool-pinned
# protoc-gen-go/protoc-gen-connect-go), gofmt, go vet, go test (the storage
# tests use HOLOMUSH_TEST_DATABASE_URL, default the local PostgreSQL).
set -eu
cd "$(dirname "$0")/.."
sh scripts/gen-go.sh --check
# The ErrorCode constants generated from @holomush/proto (error_codes.gen.go).
node scripts/generate-sdk-codes.mjs --check
unformatted=$(gofmt -l sdks/go/pluginsdk examples/go-echo examples/go-core-scenes conformance/plugins/go-wasm-conf)
if [ -n "$unformatted" ]; then
  echo "gofmt needed: $unformatted" >&2
  exit 1
fi
(cd sdks/go && go vet ./... && go test ./...)
(cd examples/go-echo && go vet ./...)
(cd examples/go-core-scenes && go vet ./... && go test ./...)
