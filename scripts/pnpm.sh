#!/usr/bin/env sh
# Runs the pnpm version pinned in package.json's packageManager field: the
# installed one when it matches, otherwise through npx from the npm registry,
# so a fresh machine needs nothing but Node and npm.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
want=$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$root/package.json")
if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$want" ]; then
  exec pnpm "$@"
fi
exec npx -y "pnpm@$want" "$@"
