#!/usr/bin/env bash
# Compile speed: `quill compile` vs `dataform compile` on the same generated
# N-model project (issue 2: quill < 0.5 s wall, >= 50x faster than Dataform).
#
#   bench/compile.sh [N]                       (default N=2000)
#
# Environment:
#   RUNS=20              timed quill runs (after 2 warm-up runs)
#   DF_RUNS=3            timed dataform runs (after 1 warm-up run); 0 skips Dataform
#   DATAFORM_CLI=3.0.69  @dataform/cli version (core: the twin's dataformCoreVersion)
#   DATAFORM_NODE_DIR    where @dataform/cli is npm-installed (default bench/out/node,
#                        gitignored; must be outside the repository or ignored by git)
#   DF_AS_GENERATED=1    also time the twin exactly as generated, where every
#                        `dataform compile` copies the project and runs `npm i` (network)
#   QUILL_BUILD=head     build the committed HEAD, not the working tree (the script
#                        does this by itself when the working tree does not build)
#   QUILL_GENPROJECT     the generator (default ../shared/bench/genproject.py)
#   NO_HYPERFINE=1       time with the date loop even when hyperfine is installed
#
# Needs go, python3, and for the comparison node + npm. Uses hyperfine when it
# is installed (apt-get install -y hyperfine), else a `date +%s.%N` loop.
# Everything it writes goes under bench/out/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${1:-2000}
RUNS=${RUNS:-20}
DF_RUNS=${DF_RUNS:-3}
DATAFORM_CLI=${DATAFORM_CLI:-3.0.69}
OUT=$ROOT/bench/out
NODE_DIR=${DATAFORM_NODE_DIR:-$OUT/node}
GEN=${QUILL_GENPROJECT:-$ROOT/../shared/bench/genproject.py}
PROJ=$OUT/proj$N
mkdir -p "$OUT"

die() { echo "compile.sh: $*" >&2; exit 1; }

# measure RUNS WARMUP CMD...: prints "min median cpu" in seconds: wall min and
# median, and (hyperfine only) mean user+sys CPU of the waited-for processes.
# CMD's output is discarded; a failing run aborts.
measure() {
  local runs=$1 warm=$2
  shift 2
  if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null 2>&1; then
    local q="" a
    for a in "$@"; do q+="$(printf '%q ' "$a")"; done
    hyperfine -N --style none --warmup "$warm" --runs "$runs" \
      --export-json "$OUT/hyperfine.json" -- "$q" >/dev/null 2>"$OUT/hyperfine.log" ||
      die "hyperfine failed on: $q (bench/out/hyperfine.log)"
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(min(r["times"]), r["median"], r["user"] + r["system"])' "$OUT/hyperfine.json"
  else
    local i s e ts=()
    for ((i = 0; i < warm; i++)); do "$@" >/dev/null 2>&1 || die "failed: $*"; done
    for ((i = 0; i < runs; i++)); do
      s=$(date +%s.%N)
      "$@" >/dev/null 2>&1 || die "failed: $*"
      e=$(date +%s.%N)
      ts+=("$s:$e")
    done
    python3 -c 'import statistics,sys; t=[float(e)-float(s) for s,e in (a.split(":") for a in sys.argv[1:])]; print(min(t), statistics.median(t), "nan")' "${ts[@]}"
  fi
}
fmt() { python3 -c 'import sys; print("min %.3f s, median %.3f s" % (float(sys.argv[1]), float(sys.argv[2])))' "$@"; }

# --- machine -------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}, $(go env GOVERSION), load $(cut -d' ' -f1-3 /proc/loadavg)"

# --- project -------------------------------------------------------------
[ -f "$GEN" ] || die "generator not found: $GEN (set QUILL_GENPROJECT)"
rm -rf "$PROJ"
python3 "$GEN" "$N" "$PROJ" >/dev/null

# --- quill ---------------------------------------------------------------
rev=$(git rev-parse --short HEAD)
if [ "${QUILL_BUILD:-}" != head ] && go build -o "$OUT/quill" ./cmd/quill 2>"$OUT/build.log"; then
  [ -z "$(git status --porcelain -- '*.go' go.mod go.sum)" ] || rev="$rev+dirty"
else
  [ "${QUILL_BUILD:-}" = head ] || echo "working tree does not build (bench/out/build.log); building committed HEAD $rev"
  src=$(mktemp -d)
  trap 'rm -rf "$src"' EXIT
  git archive HEAD | tar -x -C "$src"
  (cd "$src" && go build -o "$OUT/quill" ./cmd/quill) || die "committed HEAD does not build either"
fi
QCMD=("$OUT/quill" --project "$PROJ/quill" compile)
"${QCMD[@]}" >/dev/null || die "quill compile failed"
nodes=$(python3 -c 'import json,sys; print(sum(n["kind"]=="model" for n in json.load(open(sys.argv[1]))["nodes"]))' "$PROJ/quill/target/manifest.json")
[ "$nodes" = "$N" ] || die "quill manifest has $nodes models, want $N"
res=$(measure "$RUNS" 2 "${QCMD[@]}")
read -r qmin qmed qcpu <<<"$res"
cpustr=""
[ "$qcpu" = nan ] || cpustr=", cpu $(printf %.3f "$qcpu") s/run"
echo "quill $rev: $N models, $RUNS runs: $(fmt "$qmin" "$qmed")$cpustr"
echo "  command: bench/out/quill --project bench/out/proj$N/quill compile"

# --- dataform ------------------------------------------------------------
[ "$DF_RUNS" -gt 0 ] || exit 0
command -v npm >/dev/null 2>&1 || { echo "dataform: skipped (no npm)"; exit 0; }
case "$NODE_DIR" in
"$ROOT"/*) git check-ignore -q "$NODE_DIR" || die "$NODE_DIR is inside the repository and not ignored" ;;
esac
DF=$NODE_DIR/node_modules/.bin/dataform
if [ ! -x "$DF" ] || [ "$("$DF" --version 2>/dev/null)" != "$DATAFORM_CLI" ]; then
  mkdir -p "$NODE_DIR"
  [ -f "$NODE_DIR/package.json" ] || echo '{ "private": true }' >"$NODE_DIR/package.json"
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error "@dataform/cli@$DATAFORM_CLI" >/dev/null) ||
    die "npm install @dataform/cli@$DATAFORM_CLI failed"
fi

# The twin pins @dataform/core in workflow_settings.yaml (dataformCoreVersion):
# then every `dataform compile` copies the project to a temporary directory and
# runs `npm i` there. To time compilation alone, the measured copy
# (dataform-installed/) declares the same core in package.json instead and
# installs it once with `dataform install`; the compiled graph is the same.
core=$(sed -n 's/^dataformCoreVersion:[[:space:]]*//p' "$PROJ/dataform/workflow_settings.yaml")
[ -n "$core" ] || die "no dataformCoreVersion in the twin's workflow_settings.yaml"
DFP=$PROJ/dataform-installed
cp -r "$PROJ/dataform" "$DFP"
sed -i '/^dataformCoreVersion:/d' "$DFP/workflow_settings.yaml"
printf '{\n  "private": true,\n  "dependencies": { "@dataform/core": "%s" }\n}\n' "$core" >"$DFP/package.json"
"$DF" install "$DFP" >/dev/null || die "dataform install failed"
DCMD=("$DF" compile "$DFP" --json --timeout 10m)
"${DCMD[@]}" >"$OUT/dataform.json" || die "dataform compile failed"
python3 - "$OUT/dataform.json" "$N" <<'EOF' || die "dataform output check failed"
import json, sys
g = json.load(open(sys.argv[1]))
n, errs = len(g.get("tables", [])), g.get("graphErrors") or {}
if n != int(sys.argv[2]) or errs.get("compilationErrors"):
    sys.exit("dataform compiled %d tables, want %s; errors: %s" % (n, sys.argv[2], errs))
EOF
res=$(measure "$DF_RUNS" 1 "${DCMD[@]}")
read -r dmin dmed _ <<<"$res"
echo "dataform $DATAFORM_CLI (core $core): $N tables, $DF_RUNS runs: $(fmt "$dmin" "$dmed")"
echo "  command: dataform compile bench/out/proj$N/dataform-installed --json --timeout 10m"
if [ "${DF_AS_GENERATED:-0}" = 1 ]; then
  res=$(measure "$DF_RUNS" 0 "$DF" compile "$PROJ/dataform" --json --timeout 10m)
  read -r gmin gmed _ <<<"$res"
  echo "dataform as generated (npm i on every compile): $(fmt "$gmin" "$gmed")"
fi
python3 - "$qmin" "$qmed" "$dmin" "$dmed" <<'EOF'
import sys
qmin, qmed, dmin, dmed = map(float, sys.argv[1:])
r = dmed / qmed
print("ratio dataform/quill: %.0fx on medians (%.0fx on minimums); target < 0.5 s: %s, >= 50x: %s"
      % (r, dmin / qmin, "met" if qmed < 0.5 else "MISSED", "met" if r >= 50 else "MISSED"))
EOF
