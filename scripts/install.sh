#!/bin/sh
# Installs the workspace with the pinned pnpm. better-sqlite3 compiles its addon against the
# Node headers the machine already has (npm's nodedir), because fetching headers fails offline;
# pnpm ignores nodedir from .npmrc, so it is passed in the environment.
set -e
cd "$(dirname "$0")/.."
PNPM="pnpm"
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "12.4.2" ]; then
  PNPM="npx --yes pnpm@12.4.2"
fi
nodedir="${npm_config_nodedir:-$(npm config get nodedir 2>/dev/null || true)}"
if [ -z "$nodedir" ] || [ "$nodedir" = "undefined" ] || [ ! -f "$nodedir/include/node/node.h" ]; then
  nodedir="$(dirname "$(dirname "$(command -v node)")")"
fi
export npm_config_nodedir="$nodedir"
$PNPM install --frozen-lockfile=false "$@"
