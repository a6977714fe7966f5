#!/usr/bin/env bash
# DesignBot on Teams, measured on loopback: the ack latency of authenticated activities at a fixed rate, and the whole
# loop (answer -> the bot's next question, through POST /api/messages and the Bot Connector) beside the Bot Framework
# SDK's own waterfall bot (../shared/bench: botbuilder-js, MemoryStorage) driven by bf-load.js at the same concurrency.
# DesignBot runs on its durable SQLite store; its fake Microsoft (keys, token endpoint, connector) is the generator.
# The loop runs twice: paced under Teams' documented limits (the default, what a real tenant allows), and with pacing
# off (Teams:Pacing:* = 0), which is how the SDK bot runs (it paces nothing): the ratio compares those two. Both are printed.
# Both bots are warmed by the same unmeasured loop first (warm-seconds), so the JITs (.NET's tiered compilation, V8) are
# past start-up, as in a bot that has run for hours; the peer's warm-up is a bf-load.js run of its own.
# Usage: bench/teams.sh [users=20] [seconds=10] [ack-rate=500] [ack-seconds=10] [warm-seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-20}
seconds=${2:-10}
rate=${3:-500}
ack_seconds=${4:-10}
warm=${5:-10}
shared=${DESIGNBOT_SHARED_BENCH:-../shared/bench}
work=$(mktemp -d)
pids=()
stop_all() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap stop_all EXIT
wait_port() { for _ in $(seq 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; return 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# User + system CPU seconds of a process so far (USER_HZ 100).
cpu_seconds() { awk '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / 100 }' "/proc/$1/stat"; }

dotnet build -c Release -nologo -v quiet src/DesignBot.Host
dotnet build -c Release -nologo -v quiet bench/DesignBot.TeamsLoad

# run_designbot <label> <phases> [extra host options...]
run_designbot() {
  local label=$1 phases=$2; shift 2
  rm -f "$work"/designbot.db*
  dotnet src/DesignBot.Host/bin/Release/net10.0/DesignBot.Host.dll --urls http://127.0.0.1:39781 \
    --Storage:Provider=Sqlite --Storage:Sqlite:Path="$work/designbot.db" --DesignBot:LinkSigningKey=bench-key \
    --DesignBot:PublicBaseUrl=http://127.0.0.1:39781 --DesignBot:SettleSeconds=0 --Logging:LogLevel:Default=Warning \
    --Teams:MicrosoftAppId=11111111-2222-3333-4444-555555555555 --Teams:MicrosoftAppPassword=bench-secret \
    --Teams:MicrosoftAppTenantId=tenant-bench \
    --Teams:OpenIdMetadataUrl=http://127.0.0.1:39790/v1/.well-known/openidconfiguration \
    "--Teams:TokenEndpoint=http://127.0.0.1:39790/{tenant}/oauth2/v2.0/token" "$@" &
  local host=$!
  pids+=("$host")
  wait_port 39781
  dotnet bench/DesignBot.TeamsLoad/bin/Release/net10.0/DesignBot.TeamsLoad.dll --url http://127.0.0.1:39781 --fake-port 39790 \
    --rate "$rate" --ack-seconds "$ack_seconds" --users "$users" --seconds "$seconds" --phases "$phases" --host-pid "$host" --warm-seconds "$warm" \
    | sed "s/^loop:/loop ($label):/" | tee -a "$work/designbot.txt"
  kill "$host"; wait "$host" 2>/dev/null || true
}

echo "== load average before: $(load) ($(nproc) cores); $users members, $seconds s measured after $warm s of warm-up"
echo "== DesignBot on Teams (SQLite, durable inbox and outbox), paced under Teams' limits (7/s, 8/2 s, 60/30 s, 1800/h per thread; 50/s per tenant)"
run_designbot paced ack,loop
echo "== DesignBot on Teams (SQLite, durable), pacing off (Teams:Pacing:* = 0) against the fake connector, as the SDK bot runs"
run_designbot unpaced loop --Teams:Pacing:PerThreadPerSecond=0 --Teams:Pacing:PerThreadPer2Seconds=0 \
  --Teams:Pacing:PerThreadPer30Seconds=0 --Teams:Pacing:PerThreadPerHour=0 --Teams:Pacing:PerTenantPerSecond=0

if [ -d "$shared/botbuilder-peer" ]; then
  echo "== reference: botbuilder-js waterfall bot (MemoryStorage, not durable, paces nothing), bf-load.js, same concurrency"
  cp -r "$shared/." "$work/shared/" 2>/dev/null || { mkdir -p "$work/shared" && cp -r "$shared/." "$work/shared/"; }
  (cd "$work/shared/botbuilder-peer" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  (cd "$work/shared/botbuilder-peer" && PEER_PORT=3979 exec node bot.js >/dev/null 2>&1) & pids+=("$!")
  peer_pid=$!
  wait_port 3979
  [ "$warm" -gt 0 ] && node "$work/shared/bf-load.js" --target http://127.0.0.1:3979/api/messages --users "$users" --seconds "$warm" --connectorPort 3990 >/dev/null
  peer_cpu_before=$(cpu_seconds "$peer_pid")
  node "$work/shared/bf-load.js" --target http://127.0.0.1:3979/api/messages --users "$users" --seconds "$seconds" --connectorPort 3990 | tee "$work/peer.txt"
  peer_cpu=$(awk -v a="$peer_cpu_before" -v b="$(cpu_seconds "$peer_pid")" 'BEGIN { print b - a }')
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
  value() { sed -nE "s/^loop \\($1\\):.* $2=([0-9.]+).*/\\1/p" "$work/designbot.txt"; }
  peer=$(grep -oE '"turnsPerSec":[0-9.]+' "$work/peer.txt" | grep -oE '[0-9.]+$')
  peer_p50=$(grep -oE '"p50ms":[0-9.]+' "$work/peer.txt" | grep -oE '[0-9.]+$')
  peer_p99=$(grep -oE '"p99ms":[0-9.]+' "$work/peer.txt" | grep -oE '[0-9.]+$')
  # bf-load counts the turns after its 2 s warm-up; the CPU is over the whole run, so spread it over turns/s × seconds.
  peer_cpu_turn=$(awk -v c="$peer_cpu" -v t="$peer" -v s="$seconds" 'BEGIN { printf "%.2f", c * 1000 / (t * s) }')
  echo "== same run (load average after: $(load)):"
  echo "   DesignBot, pacing off: $(value unpaced turnsPerSec) turns/s (p50 $(value unpaced p50)ms, p99 $(value unpaced p99)ms, host CPU $(value unpaced hostCpuMsPerTurn) ms/turn)"
  echo "   DesignBot, paced:      $(value paced turnsPerSec) turns/s (p50 $(value paced p50)ms, p99 $(value paced p99)ms, host CPU $(value paced hostCpuMsPerTurn) ms/turn)"
  echo "   botbuilder peer:       ${peer} turns/s (p50 ${peer_p50}ms, p99 ${peer_p99}ms, bot CPU ~${peer_cpu_turn} ms/turn)"
  awk -v o="$(value unpaced turnsPerSec)" -v q="$(value paced turnsPerSec)" -v p="$peer" \
    'BEGIN { printf "DesignBot / peer = %.2f with pacing off (both unpaced; the target is 3); %.2f paced under Teams limits\n", o / p, q / p }'
fi
