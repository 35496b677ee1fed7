#!/bin/sh
# The newcomer's one command: install the workspace, build it, start the whole hub with seed data.
set -e
cd "$(dirname "$0")/.."
sh scripts/install.sh
node scripts/build.mjs
node web/build.mjs
exec node cli/dist/main.js start "$@"
