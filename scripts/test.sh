#!/bin/sh
# Runs every test. Installs the workspace first when it is missing or older than the lock file,
# so `npm test` works on a fresh clone too. Extra arguments go to jest.
set -e
cd "$(dirname "$0")/.."
if [ ! -d node_modules/.pnpm ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  sh scripts/install.sh
fi
node scripts/build.mjs
exec node_modules/.bin/jest "$@"
