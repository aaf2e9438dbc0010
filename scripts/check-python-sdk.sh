#!/bin/sh
# CI for sdks/python: a venv with the SDK and its test/dev extras (from PyPI),
# stubs up to date, mypy --strict, pytest, and a wheel + sdist that pass
# `twine check`. The storage tests use HOLOMUSH_TEST_DATABASE_URL (default the
# local PostgreSQL; CI runs this under with-test-services). VENV overrides
# where the venv lives (default sdks/python/.venv).
set -eu
cd "$(dirname "$0")/.."
venv=${VENV:-sdks/python/.venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -e 'sdks/python[test,dev,storage]'
PYTHON="$venv/bin/python" sh scripts/gen-python.sh --check
# The error codes generated from @holomush/proto (holomush_plugin/error_codes.py).
node scripts/generate-sdk-codes.mjs --check
(cd sdks/python && "../../$venv/bin/mypy")
"$venv/bin/pytest" sdks/python
rm -rf sdks/python/dist
"$venv/bin/python" -m build --outdir sdks/python/dist sdks/python >/dev/null
"$venv/bin/twine" check --strict sdks/python/dist/*
