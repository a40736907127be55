#!/usr/bin/env bash
# Extract speed (issue 3): N rows PostgreSQL -> PostgreSQL warehouse through
# `quill apply` of a project with a `source "postgres"`, against the psql pipe
#
#   psql SRC -c "\copy (QUERY) to stdout" | psql WH -c "\copy t from stdin"
#
# of the same rows on the same machine. Target: quill <= 1.2x the pipe's time,
# and quill's peak RSS flat in the row count.
#
#   bench/extract.sh [ROWS...]                 (default: 1000000 5000000)
#
# Environment:
#   RUNS=3               timed runs of each side per row count (interleaved)
#   QUILL_TEST_POSTGRES  a server to use (its user must be able to CREATE
#                        DATABASE); without it the script starts a throwaway
#                        one with .ci/pg-start and stops it at exit
#   QUILL_BIN            a quill binary to time (default: built from the
#                        working tree into bench/out/quill)
#   PRIMARY_KEY=0        declare no primary_key on the source: no sampled
#                        diff and no key gate, only the landed-count check
#
# Both sides run on one server: the source table in database quill_bench_src,
# the warehouse in quill_bench_wh. The source table (10 columns: bigint,
# integer, numeric, double, text, varchar, boolean, timestamptz, timestamp,
# date; one text column 10% NULL) is generated with generate_series. The
# pipe's table is created empty before each run, outside the timing; quill
# creates, fills, checks and swaps its own (apply --refresh), all timed.
# Times are wall seconds from /usr/bin/time, peak RSS its "maximum resident
# set size" (for the pipe: of its largest process). Everything written goes
# under bench/out/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
RUNS=${RUNS:-3}
ROWS=("$@")
[ ${#ROWS[@]} -gt 0 ] || ROWS=(1000000 5000000)
mkdir -p "$OUT"

die() { echo "extract.sh: $*" >&2; exit 1; }

if [ -z "${QUILL_TEST_POSTGRES:-}" ]; then
  eval "$(.ci/pg-start)"
fi
QUILL=${QUILL_BIN:-$OUT/quill}
if [ -z "${QUILL_BIN:-}" ]; then
  go build -o "$QUILL" ./cmd/quill || die "the working tree does not build; set QUILL_BIN"
fi

# dsn DB: QUILL_TEST_POSTGRES with its database replaced by DB.
dsn() { python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/"+sys.argv[2])))' "$QUILL_TEST_POSTGRES" "$1"; }
SRC=$(dsn quill_bench_src)
WH=$(dsn quill_bench_wh)
for db in quill_bench_src quill_bench_wh; do
  psql "$QUILL_TEST_POSTGRES" -qAtc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 ||
    psql "$QUILL_TEST_POSTGRES" -qc "CREATE DATABASE $db" >/dev/null
done

COLS="id bigint, account_id integer, amount numeric(12,2), ratio double precision, name text, email varchar(80), active boolean, created_at timestamptz, updated_at timestamp, day date, note text"
QUERY="SELECT id, account_id, amount, ratio, name, email, active, created_at, updated_at, day, note FROM bench_src"

# gen N: (re)creates bench_src with N rows.
gen() {
  psql "$SRC" -qv ON_ERROR_STOP=1 >/dev/null <<SQL
DROP TABLE IF EXISTS bench_src;
CREATE TABLE bench_src ($COLS);
INSERT INTO bench_src
SELECT i, ((i * 7919) % 100000)::int, round((i % 100000) / 7.0, 2), i / 3.0,
       'customer ' || i, 'user' || i || '@example.com', i % 3 = 0,
       timestamptz '2020-01-01 00:00:00+00' + i * interval '1.234567 second',
       timestamp '2021-06-01 12:00:00' + (i % 86400) * interval '1 second',
       date '2000-01-01' + (i % 9000)::int,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 'note	with tab and \\ backslash ' || i END
FROM generate_series(1::bigint, $1) AS i;
ALTER TABLE bench_src ADD PRIMARY KEY (id);
VACUUM ANALYZE bench_src;
SQL
}

# the quill project: one postgres source landed in the postgres warehouse
PROJ=$OUT/extract-proj
mkdir -p "$PROJ"
PK='primary_key = ["id"]'
[ "${PRIMARY_KEY:-1}" = 1 ] || PK=""
cat >"$PROJ/quill.hcl" <<HCL
project "bench_extract" {
  default_target = "wh"
}
target "wh" {
  adapter = "postgres"
  dsn     = env("BENCH_WH_DSN")
}
source "postgres" "staging.bench" {
  dsn   = env("BENCH_SRC_DSN")
  query = "$QUERY"
  $PK
}
HCL

# timed CMD...: runs CMD under /usr/bin/time; prints "seconds maxrss_kib".
timed() {
  /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$@" >"$OUT/cmd.log" 2>&1 || { cat "$OUT/cmd.log" >&2; die "failed: $*"; }
  cat "$OUT/time.txt"
}

pipe() {
  psql "$WH" -qc "DROP TABLE IF EXISTS t; CREATE TABLE t ($COLS)" >/dev/null
  timed bash -c 'set -o pipefail; psql "$1" -qc "\\copy ($2) to stdout" | psql "$3" -qc "\\copy t from stdin"' _ "$SRC" "$QUERY" "$WH"
}

quill_apply() {
  BENCH_SRC_DSN=$SRC BENCH_WH_DSN=$WH timed "$QUILL" apply --project "$PROJ" --refresh
}

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | awk '{print $3}'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: $(psql "$SRC" -qAtc 'SHOW server_version'); quill: $("$QUILL" --version 2>/dev/null || git rev-parse --short HEAD)"
for n in "${ROWS[@]}"; do
  gen "$n"
  q_t=() p_t=() q_m=() p_m=()
  quill_apply >/dev/null # warm-up: caches, first build of the relation
  for _ in $(seq "$RUNS"); do
    read -r t m < <(pipe)
    p_t+=("$t") p_m+=("$m")
    read -r t m < <(quill_apply)
    q_t+=("$t") q_m+=("$m")
  done
  got=$(psql "$WH" -qAtc "SELECT count(*) FROM staging.bench")
  [ "$got" = "$n" ] || die "staging.bench has $got rows, want $n"
  pm=$(printf '%s\n' "${p_t[@]}" | median)
  qm=$(printf '%s\n' "${q_t[@]}" | median)
  printf '%d rows, %d runs: psql pipe %s s (runs %s; peak RSS %s MiB)\n' "$n" "$RUNS" "$pm" "${p_t[*]}" \
    "$(printf '%s\n' "${p_m[@]}" | sort -g | tail -1 | awk '{printf "%.0f", $1/1024}')"
  printf '%d rows, %d runs: quill      %s s (runs %s; peak RSS %s MiB)\n' "$n" "$RUNS" "$qm" "${q_t[*]}" \
    "$(printf '%s\n' "${q_m[@]}" | sort -g | tail -1 | awk '{printf "%.0f", $1/1024}')"
  awk -v q="$qm" -v p="$pm" -v n="$n" 'BEGIN {r = q / p; printf "%d rows: ratio quill/pipe %.2f (target <= 1.20: %s)\n", n, r, (r <= 1.2 ? "met" : "NOT met")}'
done
echo "quill command: BENCH_SRC_DSN=… BENCH_WH_DSN=… $QUILL apply --project $PROJ --refresh"
echo "pipe command:  psql SRC -c \"\\copy ($QUERY) to stdout\" | psql WH -c \"\\copy t from stdin\""
