#!/usr/bin/env bash
# Bill-issuing benchmark. Runs the packaged engine (prod + demo profile, for the demo catalog's throw-away keys; no
# channel simulators: issuing bills calls no channel) and has wrk issue signed bills (POST /api/v1/orders) with
# durable commits. Then, with the engine stopped, pgbench runs the statement the engine runs per bill
# (OrderRepository.INSERT_ORDERS, taken from the source) on the same database. Prints bills/s, p50/p99 latency
# and the ratio engine / pgbench, and checks them against the targets for a 2-core machine shared by engine,
# PostgreSQL and load generator.
#
# Usage: scripts/bench-orders.sh            (from any directory; needs a PostgreSQL superuser, default postgres)
# Environment (defaults in brackets):
#   WARMUP_SECONDS [75]  DURATION_SECONDS [30]  PGBENCH_WARMUP_SECONDS [15]  CONNECTIONS [8]  WRK_THREADS [2]
#   MAX_RATE [6000]      the number of bills pre-signed per phase is MAX_RATE x the phase's seconds
#   GOVCLEAR_JAR         a prebuilt quarkus-app/quarkus-run.jar; otherwise a private copy of this checkout is built
#   JAVA_OPTS            extra JVM options for the engine
#   BENCH_DB [govclear_bench] (dropped and recreated)  BENCH_PORT [18080]  BENCH_OUT [bench-out/orders-<time>]
#   BENCH_CHECK_STATUS [1]  0: wrk skips its per-response callback; non-201s are then seen in the row count only
#   QUIET_WAIT_SECONDS [600] how long to wait at the start for other programs to leave the CPU alone
#   OTHER_CPU_MAX [10]   % of one core other programs may use during a measurement before it counts as disturbed
#   PGHOST [127.0.0.1]  PGPORT [5432]  PGUSER [postgres]  PGPASSWORD [postgres]
# Exit status: 0 all targets met, 1 a target missed, 2 invalid run (errors, non-201 answers, or other programs
# used the CPU during a measurement: the machine is shared, so the run is then worth repeating), 3 setup failed.
set -euo pipefail
# paths given relative to the caller's directory
[ -z "${GOVCLEAR_JAR:-}" ] || GOVCLEAR_JAR=$(readlink -f "$GOVCLEAR_JAR")
[ -z "${BENCH_OUT:-}" ] || BENCH_OUT=$(readlink -f "$BENCH_OUT")
cd "$(dirname "$0")/.."
ROOT=$PWD

WARMUP_SECONDS=${WARMUP_SECONDS:-75}
DURATION_SECONDS=${DURATION_SECONDS:-30}
PGBENCH_WARMUP_SECONDS=${PGBENCH_WARMUP_SECONDS:-15}
CONNECTIONS=${CONNECTIONS:-8}
WRK_THREADS=${WRK_THREADS:-2}
MAX_RATE=${MAX_RATE:-6000}
DB=${BENCH_DB:-govclear_bench}
PORT=${BENCH_PORT:-18080}
OUT=${BENCH_OUT:-$ROOT/bench-out/orders-$(date +%Y%m%d-%H%M%S)}
export BENCH_CHECK_STATUS=${BENCH_CHECK_STATUS:-1}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
export PGCLIENTENCODING=UTF8
# Targets (the issue's numbers)
TARGET_RATE=2000 TARGET_P99_MS=25 TARGET_RATIO=0.7
# A warm-up is run in chunks of at most this many seconds, each with freshly signed bills: a signature's
# timestamp must stay within 300 s of the server clock.
CHUNK_MAX=120
QUIET_WAIT_SECONDS=${QUIET_WAIT_SECONDS:-600}
OTHER_CPU_MAX=${OTHER_CPU_MAX:-10}

mkdir -p "$OUT"
. scripts/bench/lib.sh  # log, val, calc, wal_snap, need, cpu_other, fresh_db, rnd, ms, pf, engine_jar
die() { echo "bench-orders: $*" >&2; exit 3; }
sql() { psql -d "$DB" -XAtq -c "$1"; }
# WAL written, full-page images and WAL fsyncs so far: wal_diff BEFORE AFTER BILLS prints them per bill
wal_diff() {
  echo "$1 $2 $3" | awk '{ b = $7 > 0 ? $7 : 1; printf "WAL %.1f kB, %.2f full-page images per bill; %.1f bills per WAL fsync",
    ($4 - $1) / b / 1024, ($5 - $2) / b, b / ($6 - $3 > 0 ? $6 - $3 : 1) }'
}

# --- tools: install what is missing when root with apt, else say what to install ------------------------------
need wrk wrk
need pgbench postgresql-client
need psql postgresql-client
need pg_isready postgresql-client
need python3 python3
need curl curl
need java openjdk-17-jre-headless
[ -n "${GOVCLEAR_JAR:-}" ] || need rsync rsync

pg_isready -q -t 5 || die "no PostgreSQL answers at $PGHOST:$PGPORT (as $PGUSER); start it or set PGHOST/PGPORT"

# --- the engine: a prebuilt jar, or a build of a private copy (never builds in this checkout) ------------------
engine_jar orders

# Other programs on this machine (builds, tests) would take CPU from the engine: wait until they are done
waited=0
while other=$(cpu_other 5) && [ "$other" -gt "$OTHER_CPU_MAX" ] && [ "$waited" -lt "$QUIET_WAIT_SECONDS" ]; do
  [ "$waited" -gt 0 ] || log "other programs use ${other}% of a core; waiting up to ${QUIET_WAIT_SECONDS} s for quiet"
  sleep 10
  waited=$((waited + 15))
done
[ "$other" -le "$OTHER_CPU_MAX" ] || log "WARNING: other programs still use ${other}% of a core; going on"

# pgbench script from the statement the engine runs (fails here if the statement's parameters changed)
python3 scripts/bench/make-pgbench.py "$SRC/src/main/java/io/govclear/order/repository/OrderRepository.java" \
  "$OUT/bill.pgbench.sql" >"$OUT/insert-orders.sql"

# --- database: fresh, migrated and seeded by the engine at start ---------------------------------------------
fresh_db
PG_SETTINGS=$(psql -d "$DB" -XAt -c "SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY name)
  FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'full_page_writes', 'wal_sync_method',
  'shared_buffers', 'max_wal_size', 'commit_delay', 'autovacuum')")
SERVER_VERSION=$(sql "SHOW server_version")
log "PostgreSQL $SERVER_VERSION at $PGHOST:$PGPORT, database $DB: $PG_SETTINGS"
[ "$(sql 'SHOW synchronous_commit')" = on ] && [ "$(sql 'SHOW fsync')" = on ] \
  || log "WARNING: synchronous_commit or fsync is off: commits are not durable, the figures do not count"

ENGINE_PID='' WRK_PID='' PGB_PID=''
cleanup() {
  for pid in $WRK_PID $PGB_PID $ENGINE_PID; do
    kill "$pid" 2>/dev/null && { wait "$pid" 2>/dev/null || true; }
  done
  rm -f "$OUT"/req-*
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_engine() { # start_engine LOG: starts the engine, waits until it is ready; fails when it stops meanwhile
  log "engine: starting on port $PORT with the prod and demo profiles (log: $1)"
  # the demo profile supplies the throw-away channel keys; its channel URLs point at GOVCLEAR_SIMULATORS_URL, which
  # this benchmark never calls (no simulators run: the engine starts without them)
  QUARKUS_PROFILE=prod,demo QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://$PGHOST:$PGPORT/$DB \
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$PGHOST:$PGPORT/$DB \
  QUARKUS_DATASOURCE_USERNAME=$PGUSER QUARKUS_DATASOURCE_PASSWORD=$PGPASSWORD \
  GOVCLEAR_DEMO_SEED=true GOVCLEAR_PII_KEY=$(rnd 16) GOVCLEAR_PII_HASH_KEY=$(rnd 32) \
  GOVCLEAR_SECURITY_PAYMENT_CODE_KEY=$(rnd 32) QUARKUS_HTTP_ACCESS_LOG_ENABLED=false \
    java ${JAVA_OPTS:-} -jar "$JAR" >"$1" 2>&1 &
  ENGINE_PID=$!
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready")" = 200 ] && return 0
    kill -0 "$ENGINE_PID" 2>/dev/null || { ENGINE_PID=''; return 1; }
    sleep 1
  done
  die "the engine is not ready after 120 s (log: $1)"
}
# A failed start is tried once more, on a fresh database
if ! start_engine "$OUT/engine.log"; then
  mv "$OUT/engine.log" "$OUT/engine-failed-start.log"
  f=$OUT/engine-failed-start.log
  log "WARNING: the engine stopped while starting: $({ grep -m 1 'Caused by' "$f" || grep -m 1 ERROR "$f"; } \
    | cut -c 1-200) (log: $f); trying once more"
  fresh_db
  start_engine "$OUT/engine.log" || { tail -n 30 "$OUT/engine.log" >&2; die "the engine stopped while starting"; }
fi

export BENCH_HOST=127.0.0.1 BENCH_PORT=$PORT BENCH_UNIT=HZ-TRAFFIC BENCH_ITEM=FINE-TRAFFIC BENCH_AMOUNT_FEN=20000
BENCH_DUE_DATE=$(date -d '+30 days' +%F)
export BENCH_DUE_DATE
UNIT_ID=$(sql "SELECT id FROM collecting_unit WHERE code = '$BENCH_UNIT'")
ITEM_ID=$(sql "SELECT id FROM charge_item WHERE unit_id = $UNIT_ID AND code = '$BENCH_ITEM'")
[ -n "$UNIT_ID" ] && [ -n "$ITEM_ID" ] || die "demo unit $BENCH_UNIT / item $BENCH_ITEM not seeded"
probe=$(python3 scripts/bench/gen-requests.py probe)
[ "${probe%% *}" = 201 ] || die "a signed test bill was not accepted: $probe"
log "engine: ready; a signed test bill answered 201 (unit $BENCH_UNIT id $UNIT_ID, item $BENCH_ITEM id $ITEM_ID)"

# --- engine under wrk -------------------------------------------------------------------------------------------
RUN_TAG=$(date +%H%M%S)
cpu_snaps() { # cpu_snaps SECONDS NAME [ENGINE_PID]: CPU split over the middle of a load phase of SECONDS
  local secs=$1 name=$2 edge=2
  [ "$secs" -ge 10 ] || edge=1
  sleep "$edge"
  python3 scripts/bench/cpu-sample.py snap "$OUT/$name.cpu0"
  sleep $((secs - 2 * edge))
  python3 scripts/bench/cpu-sample.py snap "$OUT/$name.cpu1"
  python3 scripts/bench/cpu-sample.py diff "$OUT/$name.cpu0" "$OUT/$name.cpu1" ${3:-} >"$OUT/$name.cpu"
}

run_wrk() { # run_wrk NAME SECONDS: pre-signs bills, then wrk; results in $OUT/NAME.result and NAME.wrk.txt
  local name=$1 secs=$2 per_thread t0 t1
  per_thread=$(((MAX_RATE * secs + WRK_THREADS - 1) / WRK_THREADS + 1000))
  t0=$(date +%s.%N)
  python3 scripts/bench/gen-requests.py gen "$OUT/req-$name" "$WRK_THREADS" "$per_thread" "$RUN_TAG$name"
  t1=$(date +%s.%N)
  log "$name: pre-signed $((per_thread * WRK_THREADS)) bills in $(calc "$t1 - $t0" | xargs printf '%.1f') s;" \
    "wrk -t$WRK_THREADS -c$CONNECTIONS -d${secs}s"
  BENCH_REQ_PREFIX=$OUT/req-$name BENCH_WRK_RESULT=$OUT/$name.result \
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 5s --latency -s scripts/bench/issue-bills.lua \
    "http://127.0.0.1:$PORT/api/v1/orders" >"$OUT/$name.wrk.txt" 2>&1 &
  WRK_PID=$!
  [ "$name" != measure ] || cpu_snaps "$secs" "$name" "$ENGINE_PID"
  wait "$WRK_PID" || { cat "$OUT/$name.wrk.txt" >&2; die "wrk failed"; }
  WRK_PID=''
  rm -f "$OUT/req-$name".*
  [ -f "$OUT/$name.result" ] || { cat "$OUT/$name.wrk.txt" >&2; die "wrk wrote no result"; }
  [ "$(val wrapped "$OUT/$name.result")" -eq 0 ] \
    || log "WARNING: $name ran out of pre-signed bills and replayed some (answered 401): raise MAX_RATE"
}

errors_of() { # errors_of RESULT: non-201 answers, socket errors and reused (replayed) bills
  local r=$1
  echo $(($(val non201 "$r") + $(val err_status "$r") * (1 - BENCH_CHECK_STATUS) + $(val err_connect "$r") \
    + $(val err_read "$r") + $(val err_write "$r") + $(val err_timeout "$r") + $(val wrapped "$r")))
}
rate_of() { calc "($(val requests "$1") - $(val non201 "$1")) / $(val duration_us "$1") * 1000000"; }

# Warm-up: the JIT needs 60-75 s on 2 shared cores; the same load also warms PostgreSQL
left=$WARMUP_SECONDS chunk_no=0 WARMUP_ERRORS=0
while [ "$left" -gt 0 ]; do
  chunk_no=$((chunk_no + 1))
  secs=$((left < CHUNK_MAX ? left : CHUNK_MAX))
  run_wrk "warmup$chunk_no" "$secs"
  r=$OUT/warmup$chunk_no.result
  WARMUP_ERRORS=$((WARMUP_ERRORS + $(errors_of "$r")))
  log "warmup$chunk_no: $(rate_of "$r" | xargs printf '%.0f') bills/s, p50 $(ms "$(val p50_us "$r")") ms," \
    "p99 $(ms "$(val p99_us "$r")") ms, $(errors_of "$r") errors $(val first_err "$r")"
  left=$((left - secs))
done

# Measured phase
sql "CHECKPOINT"
rows0=$(sql "SELECT count(*) FROM payment_order") wal0=$(wal_snap)
run_wrk measure "$DURATION_SECONDS"
rows1=$(sql "SELECT count(*) FROM payment_order") wal1=$(wal_snap)
R=$OUT/measure.result
E_RATE=$(rate_of "$R" | xargs printf '%.0f')
E_P50=$(ms "$(val p50_us "$R")") E_P99=$(ms "$(val p99_us "$R")")
E_ERRORS=$(errors_of "$R")
E_ROWS=$((rows1 - rows0))
E_WAL=$(wal_diff "$wal0" "$wal1" "$E_ROWS")
E_ROWS_RATE=$(calc "$E_ROWS / $(val duration_us "$R") * 1000000" | xargs printf '%.0f')
log "measure: $E_RATE bills/s, p50 $E_P50 ms, p99 $E_P99 ms, $E_ERRORS errors $(val first_err "$R");" \
  "$E_ROWS rows inserted ($E_ROWS_RATE/s); cpu: $(cat "$OUT/measure.cpu")"

# Sample bill for pgbench's constant values (same sizes and shapes as the engine's)
IFS='|' read -r P_AMOUNT P_DUE P_DESCR P_NM P_IM P_PM P_ENC P_IH P_PH < <(sql "SELECT principal_fen, due_date,
  description, payer_name_masked, payer_id_masked, payer_phone_masked, encode(payer_enc, 'hex'),
  encode(payer_id_hash, 'hex'), encode(payer_phone_hash, 'hex')
  FROM payment_order WHERE unit_order_no LIKE 'B%' ORDER BY id DESC LIMIT 1")

kill "$ENGINE_PID" && wait "$ENGINE_PID" 2>/dev/null || true
ENGINE_PID=''
log "engine: stopped"

# --- pgbench: the same statement, same database, engine stopped -------------------------------------------------
run_pgbench() { # run_pgbench NAME SECONDS BASE [pgbench options]: output in $OUT/NAME.pgbench.txt
  local name=$1 secs=$2 base=$3
  shift 3
  pgbench -n -M prepared -c "$CONNECTIONS" -j 2 -T "$secs" -f "$OUT/bill.pgbench.sql" \
    -D i=0 -D base="$base" -D unit_id="$UNIT_ID" -D item_id="$ITEM_ID" -D amount="$P_AMOUNT" -D due="$P_DUE" \
    -D descr="$P_DESCR" -D nm="$P_NM" -D im="$P_IM" -D pm="$P_PM" \
    -D enc="\\x$P_ENC" -D ih="\\x$P_IH" -D ph="\\x$P_PH" "$@" "$DB" >"$OUT/$name.pgbench.txt" 2>&1 &
  PGB_PID=$!
  [ "$name" != pgbench ] || cpu_snaps "$secs" "$name"
  wait "$PGB_PID" || { tail -n 20 "$OUT/$name.pgbench.txt" >&2; die "pgbench failed"; }
  PGB_PID=''
}
pgb() { grep -oP "$1" "$OUT/pgbench.pgbench.txt" | head -n 1; }

log "pgbench: warm-up ${PGBENCH_WARMUP_SECONDS} s"
[ "$PGBENCH_WARMUP_SECONDS" -le 0 ] || run_pgbench pgbench-warmup "$PGBENCH_WARMUP_SECONDS" 1000000000000
sql "CHECKPOINT"
rows0=$(sql "SELECT count(*) FROM payment_order") wal0=$(wal_snap)
log "pgbench: measuring ${DURATION_SECONDS} s (-c $CONNECTIONS -j 2 -M prepared)"
rm -f "$OUT"/pgbench-log*
run_pgbench pgbench "$DURATION_SECONDS" 2000000000000 -P 5 -l --log-prefix="$OUT/pgbench-log"
rows1=$(sql "SELECT count(*) FROM payment_order") wal1=$(wal_snap)
P_TPS=$(pgb 'tps = \K[0-9.]+' | xargs printf '%.0f')
P_DONE=$(pgb 'actually processed: \K[0-9]+')
P_FAILED=$(pgb 'failed transactions: \K[0-9]+' || echo 0)
P_AVG=$(pgb 'latency average = \K[0-9.]+')
# per-transaction log: column 3 is the latency in microseconds
cat "$OUT"/pgbench-log* | awk '{ print $3 }' | sort -n >"$OUT/pgbench-latency-us.txt"
rm -f "$OUT"/pgbench-log*
n=$(wc -l <"$OUT/pgbench-latency-us.txt")
pct() { sed -n "$(((n * $1 + 99) / 100))p" "$OUT/pgbench-latency-us.txt"; }
P_P50=$(ms "$(pct 50)") P_P99=$(ms "$(pct 99)")
P_ROWS=$((rows1 - rows0))
P_WAL=$(wal_diff "$wal0" "$wal1" "$P_ROWS")
log "pgbench: $P_TPS tps, average $P_AVG ms, p50 $P_P50 ms, p99 $P_P99 ms, $P_FAILED failed;" \
  "$P_ROWS rows inserted for $P_DONE transactions; cpu: $(cat "$OUT/pgbench.cpu")"

# --- summary ------------------------------------------------------------------------------------------------------
RATIO=$(calc "$E_RATE / $P_TPS" | xargs printf '%.2f')
T_RATE=$(pf "$E_RATE >= $TARGET_RATE") T_P99=$(pf "$E_P99 <= $TARGET_P99_MS") T_RATIO=$(pf "$RATIO >= $TARGET_RATIO")
# every 201 is a committed row (requests still in flight when wrk stops may add a few more rows)
VALID=yes
[ "$E_ERRORS" -eq 0 ] && [ "$E_ROWS" -ge "$(val requests "$R")" ] && [ "$P_FAILED" -eq 0 ] \
  && [ "$P_ROWS" -eq "$P_DONE" ] || VALID=no
E_OTHER=$(cut -d' ' -f1 "$OUT/measure.cpu1.rest") P_OTHER=$(cut -d' ' -f1 "$OUT/pgbench.cpu1.rest")
QUIET=yes
[ "$E_OTHER" -le "$OTHER_CPU_MAX" ] && [ "$P_OTHER" -le "$OTHER_CPU_MAX" ] || QUIET=no
{
  echo
  echo "=== bench-orders $(date '+%F %T')  $(nproc) cores, PostgreSQL $SERVER_VERSION ==="
  printf 'postgres : %s\n' "$PG_SETTINGS"
  printf 'engine   : %s bills/s  p50 %s ms  p99 %s ms  (%s connections, %s s, warm-up %s s, %s errors)\n' \
    "$E_RATE" "$E_P50" "$E_P99" "$CONNECTIONS" "$DURATION_SECONDS" "$WARMUP_SECONDS" "$E_ERRORS"
  printf '           %s bills in the database (%s/s); warm-up errors: %s\n' "$E_ROWS" "$E_ROWS_RATE" "$WARMUP_ERRORS"
  printf 'pgbench  : %s tps      p50 %s ms  p99 %s ms  (%s clients, same statement, %s s, %s failed)\n' \
    "$P_TPS" "$P_P50" "$P_P99" "$CONNECTIONS" "$DURATION_SECONDS" "$P_FAILED"
  printf 'ratio    : engine / pgbench = %s\n' "$RATIO"
  printf 'targets  : >= %s bills/s [%s], p99 <= %s ms [%s], ratio >= %s [%s]\n' \
    "$TARGET_RATE" "$T_RATE" "$TARGET_P99_MS" "$T_P99" "$TARGET_RATIO" "$T_RATIO"
  printf 'cpu      : engine phase: %s\n' "$(cat "$OUT/measure.cpu")"
  printf '           pgbench phase: %s\n' "$(cat "$OUT/pgbench.cpu")"
  printf 'wal      : engine phase: %s\n' "$E_WAL"
  printf '           pgbench phase: %s\n' "$P_WAL"
  [ "$VALID" = yes ] || echo "INVALID RUN: errors or non-201 answers (see $OUT)"
  [ "$QUIET" = yes ] || echo "DISTURBED RUN: other programs used ${E_OTHER}% / ${P_OTHER}% of a core during the" \
    "engine / pgbench measurement (limit ${OTHER_CPU_MAX}%); the figures do not count, run again on a quiet machine"
  echo "details  : $OUT"
} | tee "$OUT/summary.txt"

[ "$VALID" = yes ] && [ "$QUIET" = yes ] || exit 2
[ "$T_RATE$T_P99$T_RATIO" = PASSPASSPASS ] || exit 1
