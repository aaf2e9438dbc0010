#!/bin/sh
# Builds plugin/build/core-scenes with Go (skipped with one line where Go is
# missing, except in CI: scripts/lib/require-tool.sh). The migrations are
# embedded in the binary, so plugin/ is the whole deployable directory.
set -eu
cd "$(dirname "$0")"
. ../../scripts/lib/require-tool.sh
require_tool go-core-scenes go "install Go 1.26+ from https://go.dev/dl" || exit 0
go build -o plugin/build/core-scenes .
