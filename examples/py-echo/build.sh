#!/bin/sh
# A venv beside the plugin with sdks/python installed (from PyPI: grpcio, protobuf).
set -eu
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e ../../sdks/python
