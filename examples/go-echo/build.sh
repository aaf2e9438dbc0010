#!/bin/sh
# Builds build/go-echo with Go (skipped with one line where Go is missing,
# except in CI: scripts/lib/require-tool.sh).
set -eu
cd "$(dirname "$0")"
. ../../scripts/lib/require-tool.sh
require_tool go-echo go "install Go 1.26+ from https://go.dev/dl" || exit 0
go build -o build/go-echo .
