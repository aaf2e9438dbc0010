#!/bin/sh
# A venv beside the plugin with sdks/python installed (from PyPI: grpcio,
# protobuf; psycopg for the storage test plugin). Skipped with one line where
# Python 3 or its venv module is missing, except in CI (scripts/lib/require-tool.sh).
set -eu
cd "$(dirname "$0")"
. ../../scripts/lib/require-tool.sh
require_tool py-echo python3 "install Python 3.10+ from https://www.python.org/downloads" || exit 0
require_tool py-echo "python3's venv module" "on Debian/Ubuntu: apt-get install python3-venv" \
  python3 -c 'import ensurepip, venv' || exit 0
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e '../../sdks/python[storage]'
# The executable the manifest names exists only once the venv does: an unbuilt
# py-echo is "not built" to the host, not a launcher that fails at every start.
mkdir -p build
cp bin/py-echo build/py-echo
