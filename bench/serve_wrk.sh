#!/bin/sh
# quill serve under wrk (Debian's wrk, a C load generator) on loopback:
# seeds 1M keys, then single-key reads of random keys over one connection
# (closed loop), with and without field selection, reporting throughput and
# the latency distribution. The Go open-loop generator of bench/serve.sh
# measures a fixed rate but shares the two cores with the server; wrk's
# own cost is small enough to show the server's latency.
#   bench/serve_wrk.sh [DURATION] [CONNECTIONS]      (defaults: 10s 1)
set -eu
cd "$(dirname "$0")/.."
dur=${1:-10s}
conns=${2:-1}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/quill" ./cmd/quill
go build -o "$work/loadgen" ./bench/serve
"$work/loadgen" -seed "$work/proj" -keys 1000000
"$work/quill" serve --project "$work/proj" --addr 127.0.0.1:18082 >"$work/serve.log" 2>&1 &
pid=$!
sleep 1
for q in "" "?fields=name,plan"; do
  cat >"$work/req.lua" <<LUA
math.randomseed(42)
request = function()
  return wrk.format("GET", "/v1/datasets/bench/keys/" .. math.random(0, 999999) .. "$q")
end
LUA
  echo "fields: ${q:-all}"
  wrk -t1 -c"$conns" -d"$dur" --latency -s "$work/req.lua" http://127.0.0.1:18082 | grep -E '50%|90%|99%|Requests/sec'
done
