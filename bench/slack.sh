#!/usr/bin/env bash
# The Slack benchmark on loopback: ack latency of signed Events API requests at a fixed rate, then turn → post
# throughput through a fake Slack Web API (both in bench/DesignBot.SlackBench, which starts the Release host).
# Usage: bench/slack.sh [rate] [seconds] [reviews] [replies-per-review]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release -nologo -v quiet src/DesignBot.Host
dotnet build -c Release -nologo -v quiet bench/DesignBot.SlackBench
dotnet bench/DesignBot.SlackBench/bin/Release/net10.0/DesignBot.SlackBench.dll \
  --host-dll src/DesignBot.Host/bin/Release/net10.0/DesignBot.Host.dll \
  --rate "${1:-500}" --seconds "${2:-10}" --reviews "${3:-20}" --replies "${4:-30}"
