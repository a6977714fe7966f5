#!/usr/bin/env bash
# Starts a Release host on loopback with fresh SQLite files, runs the load generator against it, stops the host.
# Usage: bench/run.sh [reviews] [replies-per-review]
set -euo pipefail
cd "$(dirname "$0")/.."
reviews=${1:-50}
replies=${2:-40}
data=$(mktemp -d)
port=39781
dotnet build -c Release -nologo -v quiet src/DesignBot.Host
dotnet build -c Release -nologo -v quiet bench/DesignBot.LoadTest
dotnet src/DesignBot.Host/bin/Release/net10.0/DesignBot.Host.dll --urls "http://127.0.0.1:$port" \
  --Storage:Sqlite:Path="$data/designbot.db" --Playground:Enabled=true --Playground:Path="$data/playground.db" \
  --DesignBot:PublicBaseUrl="http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning &
host=$!
trap 'kill $host 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
dotnet bench/DesignBot.LoadTest/bin/Release/net10.0/DesignBot.LoadTest.dll --url "http://127.0.0.1:$port" \
  --reviews "$reviews" --replies "$replies" --host-pid "$host"
