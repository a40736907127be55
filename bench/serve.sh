#!/bin/sh
# Load test of quill serve on loopback: seeds 1M keys, serves them, and sends
# single-key reads at a fixed rate with and without field selection.
#   bench/serve.sh [RATE] [DURATION]     (defaults: 10000 20s)
set -eu
cd "$(dirname "$0")/.."
rate=${1:-10000}
dur=${2:-20s}
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/quill" ./cmd/quill
go build -o "$work/loadgen" ./bench/serve
"$work/loadgen" -seed "$work/proj" -keys 1000000
"$work/quill" serve --project "$work/proj" --addr 127.0.0.1:18080 >"$work/serve.log" 2>&1 &
pid=$!
sleep 1
"$work/loadgen" -url http://127.0.0.1:18080 -rate "$rate" -duration "$dur" -keys 1000000
"$work/loadgen" -url http://127.0.0.1:18080 -rate "$rate" -duration "$dur" -keys 1000000 -fields name,plan
