#!/usr/bin/env bash
# Starts Release host(s) on loopback with fresh storage, runs the load generator against them, stops them.
# Usage: bench/run.sh [concurrent-reviews] [replies-per-review] [sqlite|azure|azure2] [rounds]
#   Each of the concurrent reviews' slots runs [rounds] reviews one after another (sustained load).
#   sqlite  one host on the embedded SQLite default (the default)
#   azure   one host on Azure Table Storage (Azurite, started here when not running)
#   azure2  two hosts sharing one Azurite and one playground channel; replies alternate between them
set -euo pipefail
cd "$(dirname "$0")/.."
reviews=${1:-20}
replies=${2:-40}
mode=${3:-sqlite}
rounds=${4:-10}
data=$(mktemp -d)
pids=()
# Stops the hosts before the Azurite they use (newest first), and waits for them.
stop_all() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
  rm -rf "$data"
}
trap stop_all EXIT

dotnet build -c Release -nologo -v quiet src/DesignBot.Host
dotnet build -c Release -nologo -v quiet bench/DesignBot.LoadTest

storage=(--Storage:Provider=Sqlite --Storage:Sqlite:Path="$data/designbot.db")
if [ "$mode" != sqlite ]; then
  port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
  if ! port_open 10002; then
    [ -x .tools/azurite/node_modules/.bin/azurite-table ] || npm install --prefix .tools/azurite azurite@3 --no-audit --no-fund --loglevel=error >/dev/null
    .tools/azurite/node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort 10002 --inMemoryPersistence \
      --skipApiVersionCheck --loose --silent --disableTelemetry >/dev/null 2>&1 &
    pids+=("$!")
    for _ in $(seq 100); do port_open 10002 && break; sleep 0.1; done
  fi
  conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;"
  storage=(--Storage:Provider=AzureTables "--Storage:AzureTables:ConnectionString=$conn" --Storage:AzureTables:TablePrefix="bench$RANDOM")
fi

start_host() { # port instance
  dotnet src/DesignBot.Host/bin/Release/net10.0/DesignBot.Host.dll --urls "http://127.0.0.1:$1" "${storage[@]}" \
    --Playground:Enabled=true --Playground:Path="$data/playground.db" --DesignBot:PublicBaseUrl="http://127.0.0.1:$1" \
    --DesignBot:LinkSigningKey=bench-key --DesignBot:SettleSeconds=0 --DesignBot:InstanceId="$2" --Logging:LogLevel:Default=Warning &
  pids+=("$!")
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && break; sleep 0.2; done
}
start_host 39781 bench-a
urls="http://127.0.0.1:39781"
host_pid=${pids[-1]}
if [ "$mode" = azure2 ]; then
  start_host 39782 bench-b
  urls="$urls,http://127.0.0.1:39782"
fi
dotnet bench/DesignBot.LoadTest/bin/Release/net10.0/DesignBot.LoadTest.dll --url "$urls" \
  --reviews "$reviews" --replies "$replies" --rounds "$rounds" --host-pid "$host_pid"
