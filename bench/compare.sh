#!/usr/bin/env bash
# DesignBot beside the two references in ../shared/bench, in one run on this machine, so ratios can be compared:
#   the Bot Framework SDK's own waterfall bot (botbuilder-js, in-memory state) and the "floor" (one SQLite insert and
#   one reply per turn, no dialog logic), both driven by bf-load.js; then DesignBot through bench/run.sh.
# Usage: bench/compare.sh [users=20] [seconds=10]   (needs node/npm; the references are copied to a temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-20}
seconds=${2:-10}
shared=${DESIGNBOT_SHARED_BENCH:-../shared/bench}
[ -d "$shared" ] || { echo "no reference bench at $shared (set DESIGNBOT_SHARED_BENCH)" >&2; exit 2; }
work=$(mktemp -d)
pids=()
stop_all() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap stop_all EXIT
cp -r "$shared/." "$work/"
wait_port() { for _ in $(seq 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; return 1; }
turns() { grep -oE '"turnsPerSec":[0-9.]+' "$1" | grep -oE '[0-9.]+$' | head -1; }

echo "== reference: botbuilder-js waterfall bot (MemoryStorage)"
(cd "$work/botbuilder-peer" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
(cd "$work/botbuilder-peer" && PEER_PORT=3979 exec node bot.js >/dev/null 2>&1) & pids+=("$!")
wait_port 3979
node "$work/bf-load.js" --target http://127.0.0.1:3979/api/messages --users "$users" --seconds "$seconds" --connectorPort 3990 | tee "$work/peer.txt"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo "== reference: floor (one SQLite insert + one reply per turn)"
(cd "$work/floor" && dotnet build -c Release -nologo -v quiet >/dev/null)
(cd "$work/floor" && FLOOR_DB="$work/floor.db" exec dotnet bin/Release/net10.0/floor.dll >/dev/null 2>&1) & pids+=("$!")
wait_port 3981
node "$work/bf-load.js" --target http://127.0.0.1:3981/api/messages --users "$users" --seconds "$seconds" --connectorPort 3991 | tee "$work/floor.txt"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo "== DesignBot (bench/run.sh 16 40 sqlite 12)"
bash bench/run.sh 16 40 sqlite 12 | tee "$work/designbot.txt"

ours=$(grep -oE 'throughput=[0-9.]+' "$work/designbot.txt" | grep -oE '[0-9.]+')
peer=$(turns "$work/peer.txt"); floor=$(turns "$work/floor.txt")
echo "== ratios (same run): DesignBot ${ours}/s, botbuilder peer ${peer}/s, floor ${floor}/s"
awk -v o="$ours" -v p="$peer" -v f="$floor" 'BEGIN { printf "DesignBot / peer = %.2f   DesignBot / floor = %.2f\n", o / p, o / f }'
