#!/usr/bin/env bash
# DesignBot on Teams, measured on loopback: the ack latency of authenticated activities at a fixed rate, and the whole
# loop (answer -> the bot's next question, through POST /api/messages and the Bot Connector) beside the Bot Framework
# SDK's own waterfall bot (../shared/bench: botbuilder-js, MemoryStorage) driven by bf-load.js at the same concurrency.
# DesignBot runs on its durable SQLite store; its fake Microsoft (keys, token endpoint, connector) is the generator.
# Usage: bench/teams.sh [users=20] [seconds=10] [ack-rate=500] [ack-seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-20}
seconds=${2:-10}
rate=${3:-500}
ack_seconds=${4:-10}
shared=${DESIGNBOT_SHARED_BENCH:-../shared/bench}
work=$(mktemp -d)
pids=()
stop_all() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap stop_all EXIT
wait_port() { for _ in $(seq 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; return 1; }

dotnet build -c Release -nologo -v quiet src/DesignBot.Host
dotnet build -c Release -nologo -v quiet bench/DesignBot.TeamsLoad

echo "== DesignBot on Teams (SQLite, durable inbox and outbox)"
dotnet src/DesignBot.Host/bin/Release/net10.0/DesignBot.Host.dll --urls http://127.0.0.1:39781 \
  --Storage:Provider=Sqlite --Storage:Sqlite:Path="$work/designbot.db" --DesignBot:LinkSigningKey=bench-key \
  --DesignBot:PublicBaseUrl=http://127.0.0.1:39781 --DesignBot:SettleSeconds=0 --Logging:LogLevel:Default=Warning \
  --Teams:MicrosoftAppId=11111111-2222-3333-4444-555555555555 --Teams:MicrosoftAppPassword=bench-secret \
  --Teams:MicrosoftAppTenantId=tenant-bench \
  --Teams:OpenIdMetadataUrl=http://127.0.0.1:39790/v1/.well-known/openidconfiguration \
  "--Teams:TokenEndpoint=http://127.0.0.1:39790/{tenant}/oauth2/v2.0/token" &
pids+=("$!")
wait_port 39781
dotnet bench/DesignBot.TeamsLoad/bin/Release/net10.0/DesignBot.TeamsLoad.dll --url http://127.0.0.1:39781 --fake-port 39790 \
  --rate "$rate" --ack-seconds "$ack_seconds" --users "$users" --seconds "$seconds" | tee "$work/designbot.txt"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

if [ -d "$shared/botbuilder-peer" ]; then
  echo "== reference: botbuilder-js waterfall bot (MemoryStorage, not durable), bf-load.js, same concurrency"
  cp -r "$shared/." "$work/shared/" 2>/dev/null || { mkdir -p "$work/shared" && cp -r "$shared/." "$work/shared/"; }
  (cd "$work/shared/botbuilder-peer" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  (cd "$work/shared/botbuilder-peer" && PEER_PORT=3979 exec node bot.js >/dev/null 2>&1) & pids+=("$!")
  wait_port 3979
  node "$work/shared/bf-load.js" --target http://127.0.0.1:3979/api/messages --users "$users" --seconds "$seconds" --connectorPort 3990 | tee "$work/peer.txt"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
  ours=$(grep -oE 'turnsPerSec=[0-9.]+' "$work/designbot.txt" | grep -oE '[0-9.]+$')
  peer=$(grep -oE '"turnsPerSec":[0-9.]+' "$work/peer.txt" | grep -oE '[0-9.]+$')
  ours_p99=$(sed -nE 's/^loop:.* p99=([0-9.]+)ms.*/\1/p' "$work/designbot.txt")
  peer_p99=$(grep -oE '"p99ms":[0-9.]+' "$work/peer.txt" | grep -oE '[0-9.]+$')
  echo "== same run: DesignBot ${ours} turns/s (p99 ${ours_p99} ms), botbuilder peer ${peer} turns/s (p99 ${peer_p99} ms)"
  awk -v o="$ours" -v p="$peer" 'BEGIN { printf "DesignBot / peer = %.2f\n", o / p }'
fi
