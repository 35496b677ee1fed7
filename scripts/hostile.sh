#!/bin/sh
# The long hostile run (issue 12): starts a hub in its own process on a throwaway SQLite folder (scale-1 seed), sends
# it the attack corpus and N generated requests (fast-check), and prints process exits, responses without a code,
# the slowest /healthz and the hub's RSS before and after. Usage: sh scripts/hostile.sh [--count 10000] [--seed 12]
# Ports: GRIDHUB_PORT (default 4700) and the next five. The CI-sized run is test/hostile.e2e.test.ts.
set -e
cd "$(dirname "$0")/.."
COUNT=10000
SEED=12
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    *) echo "usage: sh scripts/hostile.sh [--count N] [--seed N]" >&2; exit 64 ;;
  esac
done
PORT="${GRIDHUB_PORT:-4700}"
DATA="$(mktemp -d "${TMPDIR:-/tmp}/gridhub-hostile-XXXXXX")"
LOG="$DATA/hub.log"
node scripts/build.mjs >/dev/null

export GRIDHUB_DATA_DIR="$DATA" GRIDHUB_PORT="$PORT" GRIDHUB_SUBGRAPH_PORT_BASE="$((PORT + 1))" GRIDHUB_LOG_LEVEL=warn
unset GRIDHUB_DATABASE_URL
node cli/dist/main.js start >"$LOG" 2>&1 &
HUB=$!
stop() {
  if kill -0 "$HUB" 2>/dev/null; then kill -TERM "$HUB"; wait "$HUB" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap stop EXIT INT TERM

URL="http://127.0.0.1:$PORT/graphql"
echo "hub pid $HUB, $URL, seeding (scale 1)…" >&2
i=0
until grep -q 'Gridhub is up' "$LOG" 2>/dev/null; do
  if ! kill -0 "$HUB" 2>/dev/null; then echo "the hub exited while starting:" >&2; tail -20 "$LOG" >&2; exit 1; fi
  i=$((i + 1)); [ "$i" -gt 600 ] && { echo "the hub did not start within 10 min" >&2; exit 1; }
  sleep 1
done
ADMIN="$(node cli/dist/main.js token --role SUBDISTRICT_ADMIN --subject hostile-admin)"
OTHER="$(node cli/dist/main.js token --role GRID_WORKER --subject hostile-worker --grids 1)"
echo "$(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(uname -m), $(node --version)), load average $(cut -d' ' -f1-3 /proc/loadavg): $COUNT generated requests + the attack corpus" >&2
node test/dist/hostile-run.js --url "$URL" --pid "$HUB" --admin "$ADMIN" --other "$OTHER" --count "$COUNT" --seed "$SEED"
