#!/usr/bin/env bash
# Cost of gating checks (issue 3): a 10M-row table model built with
# `quill apply --refresh` with its checks (primary key carried from its
# input, row_count = its input's, not_null declared) and without any, on
# PostgreSQL and on DuckDB. Target: checks add at most 15% to the build.
#
#   bench/checks.sh [ROWS]                     (default: 10000000)
#
# Environment:
#   RUNS=3               timed builds of each variant per warehouse (interleaved)
#   WAREHOUSES="postgres duckdb"
#   QUILL_TEST_POSTGRES  a server to use (its user must be able to CREATE
#                        DATABASE); without it the script starts a throwaway
#                        one with .ci/pg-start and stops it at exit
#   QUILL_BIN            a quill binary to time (default: built from the
#                        working tree into bench/out/quill)
#
# The project has raw.events (ROWS generated rows, primary_key = ["id"],
# built once, untimed) and two models over it that cost the same to build:
#   marts.events         SELECT … FROM raw.events: quill infers
#                        primary_key(id) [carried] and row_count eq raw.events
#                        [projection]; not_null(name, created_at) is declared
#   marts.events_nochk   the same rows through UNION ALL with an empty branch,
#                        for which quill infers no check, and none is declared
# Times are wall seconds of the whole `quill apply` (compile, plan, build,
# checks, swap, state), from /usr/bin/time. Everything written goes under
# bench/out/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
N=${1:-10000000}
RUNS=${RUNS:-3}
WAREHOUSES=${WAREHOUSES:-postgres duckdb}
mkdir -p "$OUT"

die() { echo "checks.sh: $*" >&2; exit 1; }

QUILL=${QUILL_BIN:-$OUT/quill}
if [ -z "${QUILL_BIN:-}" ]; then
  go build -o "$QUILL" ./cmd/quill || die "the working tree does not build; set QUILL_BIN"
fi
case " $WAREHOUSES " in
*" postgres "*)
  if [ -z "${QUILL_TEST_POSTGRES:-}" ]; then
    eval "$(.ci/pg-start)"
  fi
  psql "$QUILL_TEST_POSTGRES" -qAtc "SELECT 1 FROM pg_database WHERE datname = 'quill_bench_checks'" | grep -q 1 ||
    psql "$QUILL_TEST_POSTGRES" -qc "CREATE DATABASE quill_bench_checks" >/dev/null
  PG_DSN=$(python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/quill_bench_checks")))' "$QUILL_TEST_POSTGRES")
  export PG_DSN
  ;;
esac

# project WAREHOUSE: writes the project for one warehouse into $OUT/checks-WAREHOUSE.
project() {
  local dir=$OUT/checks-$1 gen target
  rm -rf "$dir/models" && mkdir -p "$dir/models/raw" "$dir/models/marts"
  if [ "$1" = postgres ]; then
    target='adapter = "postgres"
  dsn     = env("PG_DSN")'
    gen="generate_series(1::bigint, $N) AS g(i)"
  else
    target='adapter = "duckdb"
  path    = ".quill/bench.duckdb"'
    gen="range(1, $N + 1) AS g(i)"
  fi
  cat >"$dir/quill.hcl" <<HCL
project "bench_checks" {
  default_target = "wh"
}
target "wh" {
  $target
}
model "raw.events" {
  materialized = "table"
  primary_key  = ["id"]
}
model "marts.events" {
  materialized = "table"
  assert "not_null" { columns = ["name", "created_at"] }
}
model "marts.events_nochk" {
  materialized = "table"
}
HCL
  cat >"$dir/models/raw/events.sql" <<SQL
SELECT i AS id, CAST((i * 7919) % 100000 AS integer) AS account_id,
       CAST((i % 100000) / 7.0 AS numeric(12,2)) AS amount, 'customer ' || CAST(i AS text) AS name,
       TIMESTAMP '2020-01-01 00:00:00' + i * INTERVAL '1 second' AS created_at
FROM $gen
SQL
  local cols="id, account_id, amount, name, created_at"
  printf 'SELECT %s FROM raw.events\n' "$cols" >"$dir/models/marts/events.sql"
  printf 'SELECT %s FROM raw.events\nUNION ALL\nSELECT %s FROM raw.events WHERE false\n' "$cols" "$cols" >"$dir/models/marts/events_nochk.sql"
  echo "$dir"
}

timed() {
  /usr/bin/time -f '%e' -o "$OUT/time.txt" "$@" >"$OUT/cmd.log" 2>&1 || { cat "$OUT/cmd.log" >&2; die "failed: $*"; }
  cat "$OUT/time.txt"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
for wh in $WAREHOUSES; do
  dir=$(project "$wh")
  rm -rf "$dir/.quill" "$dir/target"
  "$QUILL" apply --project "$dir" >"$OUT/cmd.log" 2>&1 || { cat "$OUT/cmd.log" >&2; die "first apply failed"; }
  "$QUILL" plan --project "$dir" --refresh --select marts.events --select marts.events_nochk >"$OUT/checks-plan-$wh.txt" 2>&1 || true
  w=() wo=()
  for _ in $(seq "$RUNS"); do
    wo+=("$(timed "$QUILL" apply --project "$dir" --refresh --select marts.events_nochk)")
    w+=("$(timed "$QUILL" apply --project "$dir" --refresh --select marts.events)")
  done
  grep -q 'primary_key' "$dir/target/run_results.json" || die "marts.events ran no primary_key check"
  mw=$(printf '%s\n' "${w[@]}" | median)
  mwo=$(printf '%s\n' "${wo[@]}" | median)
  printf '%s, %d rows, %d runs: without checks %s s (runs %s)\n' "$wh" "$N" "$RUNS" "$mwo" "${wo[*]}"
  printf '%s, %d rows, %d runs: with checks    %s s (runs %s)\n' "$wh" "$N" "$RUNS" "$mw" "${w[*]}"
  awk -v a="$mw" -v b="$mwo" -v wh="$wh" 'BEGIN {o = (a - b) / b * 100; printf "%s: checks add %.1f%% (target <= 15%%: %s)\n", wh, o, (o <= 15 ? "met" : "NOT met")}'
done
echo "commands: $QUILL apply --project bench/out/checks-<warehouse> --refresh --select marts.events[_nochk]"
