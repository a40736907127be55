#!/usr/bin/env bash
# Compile speed: quill vs Dataform on the same generated N-model project.
#   bench/compile.sh [N]        (default 2000)
# Needs python3 (the generator) and, for the comparison, Node.js; @dataform/cli
# is installed under bench/out/node (outside the module, not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
OUT=bench/out
mkdir -p "$OUT"
GEN=${QUILL_GENPROJECT:-../shared/bench/genproject.py}
rm -rf "$OUT/proj$N"
python3 "$GEN" "$N" "$OUT/proj$N" >/dev/null
go build -o "$OUT/quill" ./cmd/quill

runs=5
echo "quill compile, $N models ($runs runs, wall seconds):"
for i in $(seq $runs); do
  s=$(date +%s.%N); "$OUT/quill" --project "$OUT/proj$N/quill" compile >/dev/null; e=$(date +%s.%N)
  echo "  $(echo "$e - $s" | bc)"
done

if command -v npm >/dev/null 2>&1; then
  if [ ! -x "$OUT/node/node_modules/.bin/dataform" ]; then
    mkdir -p "$OUT/node" && (cd "$OUT/node" && npm init -y >/dev/null && npm install --silent @dataform/cli >/dev/null 2>&1) || true
  fi
  DF="$OUT/node/node_modules/.bin/dataform"
  if [ -x "$DF" ]; then
    (cd "$OUT/proj$N/dataform" && "$DF" install >/dev/null 2>&1 || true)
    echo "dataform compile, $N models ($runs runs, wall seconds):"
    for i in $(seq $runs); do
      s=$(date +%s.%N); "$DF" compile "$OUT/proj$N/dataform" >/dev/null 2>&1 || echo "  (dataform compile failed)"; e=$(date +%s.%N)
      echo "  $(echo "$e - $s" | bc)"
    done
  fi
fi
