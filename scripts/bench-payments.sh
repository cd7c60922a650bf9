#!/usr/bin/env bash
# Payment-cycle benchmark. Runs the packaged channel simulators (simulators/, a process of their own on
# BENCH_SIM_PORT) and the packaged engine (prod + demo profile, its channels pointed at the simulators), and has wrk
# drive full cycles over HTTP: checkout (POST /api/v1/bills/{code}/payments to the engine, which creates the trade at
# the simulator over signed HTTP), then the payer's pay call to the simulator (sent by pay-cycles.lua on its own
# connection to the simulators' port), which sends the signed notify to /callbacks/{channel}; the engine verifies it
# and commits attempt SUCCEEDED, bill PAID and the ledger posting.
# The cycles rotate through BENCH_CHANNELS (default Alipay, WeChat Pay, UnionPay, and the ICBC counter, where the
# simulated teller queries and confirms over the signed bank API); figures are printed per channel. Bills are
# issued beforehand with the signed batch API. pgbench's baseline runs the Alipay and WeChat Pay cycles' SQL.
# Then, with the engine and the simulators stopped, pgbench runs the SQL the engine runs for one cycle (taken from
# the source by scripts/bench/make-pgbench-cycle.py) on the same database. Prints cycles/s, checkout latency,
# pay -> PAID latency (from the pay call to the commit, read from the database), the ratio engine / pgbench and the
# CPU per cycle of the engine process, the simulators' process and PostgreSQL, each on its own, and checks that every
# paid attempt has exactly one posting, every paid bill one, and the journal balances.
#
# Usage: scripts/bench-payments.sh            (from any directory; needs a PostgreSQL superuser, default postgres)
# Environment (defaults in brackets):
#   BENCH_CHANNELS [ALIPAY,WECHAT_PAY,UNIONPAY,BANK_ICBC] the channels the cycles rotate through
#   WARMUP_SECONDS [75]  DURATION_SECONDS [30]  PGBENCH_WARMUP_SECONDS [15]  CONNECTIONS [16] (one wrk thread each)
#   MAX_RATE [1500]      bills issued per phase: MAX_RATE x the phase's seconds (each cycle pays a fresh bill)
#   PGBENCH_CLIENTS [16] (the engine's pool size)  PGBENCH_MAX_RATE [4000] bills made for pgbench per second
#   GOVCLEAR_JAR         a prebuilt quarkus-app/quarkus-run.jar; otherwise a private copy of this checkout is built
#   GOVCLEAR_SIMULATORS_JAR  a prebuilt simulators/target/quarkus-app/quarkus-run.jar; otherwise built in that copy
#   JAVA_OPTS            extra JVM options for the engine (e.g. -XX:StartFlightRecording=...)
#   SIMULATORS_JAVA_OPTS extra JVM options for the simulators
#   BENCH_DB [govclear_bench_payments] (dropped and recreated)  BENCH_PORT [18082] (the engine's)
#   BENCH_SIM_PORT [BENCH_PORT + 100] the simulators' port
#   BENCH_SIM_TIME_SCALE [1] multiplies the simulators' notify retry intervals (1: the channels' real schedule)
#   BENCH_OUT [bench-out/payments-<time>]
#   DRAIN_MAX_SECONDS [180] how long after a phase a paid attempt may take to become SUCCEEDED before it is lost
#   QUIET_WAIT_SECONDS [600] how long to wait at the start for other programs to leave the CPU alone
#   OTHER_CPU_MAX [10]   % of one core other programs may use during a measurement before it counts as disturbed
#   PGHOST [127.0.0.1]  PGPORT [5432]  PGUSER [postgres]  PGPASSWORD [postgres]
# Exit status: 0 all targets met and all checks passed, 1 a target missed or a bookkeeping check failed (lost or
# doubled posting), 2 invalid run (errors, unexpected answers, or other programs used the CPU during a measurement:
# the machine is shared, so the run is then worth repeating), 3 setup failed.
set -euo pipefail
# paths given relative to the caller's directory
[ -z "${GOVCLEAR_JAR:-}" ] || GOVCLEAR_JAR=$(readlink -f "$GOVCLEAR_JAR")
[ -z "${GOVCLEAR_SIMULATORS_JAR:-}" ] || GOVCLEAR_SIMULATORS_JAR=$(readlink -f "$GOVCLEAR_SIMULATORS_JAR")
[ -z "${BENCH_OUT:-}" ] || BENCH_OUT=$(readlink -f "$BENCH_OUT")
cd "$(dirname "$0")/.."
ROOT=$PWD

WARMUP_SECONDS=${WARMUP_SECONDS:-75}
DURATION_SECONDS=${DURATION_SECONDS:-30}
PGBENCH_WARMUP_SECONDS=${PGBENCH_WARMUP_SECONDS:-15}
CONNECTIONS=${CONNECTIONS:-16}
MAX_RATE=${MAX_RATE:-1500}
PGBENCH_CLIENTS=${PGBENCH_CLIENTS:-16}
PGBENCH_MAX_RATE=${PGBENCH_MAX_RATE:-4000}
DB=${BENCH_DB:-govclear_bench_payments}
PORT=${BENCH_PORT:-18082}
SIM_PORT=${BENCH_SIM_PORT:-$((PORT + 100))}
OUT=${BENCH_OUT:-$ROOT/bench-out/payments-$(date +%Y%m%d-%H%M%S)}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
export PGCLIENTENCODING=UTF8
# Target (the issue's number) on the 2-core machine that runs engine, simulators, PostgreSQL and wrk together
TARGET_RATE=800
# A warm-up runs in chunks of at most this many seconds, each with its own bills
CHUNK_MAX=120
QUIET_WAIT_SECONDS=${QUIET_WAIT_SECONDS:-600}
OTHER_CPU_MAX=${OTHER_CPU_MAX:-10}
# How long after wrk stops a paid attempt may take to become SUCCEEDED (the simulators retry notifies on the real
# schedule times BENCH_SIM_TIME_SCALE, and the engine queries open attempts on its own backoff) before it counts as lost
DRAIN_MAX_SECONDS=${DRAIN_MAX_SECONDS:-180}

mkdir -p "$OUT"
. scripts/bench/lib.sh  # log, val, calc, wal_snap, need, cpu_other, fresh_db, rnd, ms, pf, engine_jar,
                        # simulators_jar, start_simulators
die() { echo "bench-payments: $*" >&2; exit 3; }
sql() { psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 -c "$1"; }
# WAL written, full-page images and WAL fsyncs so far: wal_diff BEFORE AFTER CYCLES prints them per cycle
# Row updates and how many were HOT (no new index entries) per table: upd_diff FILE0 FILE1 CYCLES
upd_snap() { sql "SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables
  WHERE relname IN ('payment_attempt', 'payment_order', 'channel_callback') ORDER BY relname" | tr '|' ' '; }
upd_diff() {
  join "$1" "$2" | awk -v c="$3" '{ printf "%s%s %.2f updates (%.2f HOT)", (NR > 1 ? ", " : ""), $1, ($4 - $2) / c,
    ($5 - $3) / c }'
}
wal_diff() {
  echo "$1 $2 $3" | awk '{ b = $7 > 0 ? $7 : 1; printf "WAL %.1f kB, %.2f full-page images, %.2f WAL fsyncs per cycle",
    ($4 - $1) / b / 1024, ($5 - $2) / b, ($6 - $3) / b }'
}

# --- tools: install what is missing when root with apt, else say what to install ------------------------------
need wrk wrk
need pgbench postgresql-client
need psql postgresql-client
need pg_isready postgresql-client
need python3 python3
need curl curl
need java openjdk-17-jre-headless
[ -n "${GOVCLEAR_JAR:-}" ] && [ -n "${GOVCLEAR_SIMULATORS_JAR:-}" ] || need rsync rsync

pg_isready -q -t 5 || die "no PostgreSQL answers at $PGHOST:$PGPORT (as $PGUSER); start it or set PGHOST/PGPORT"

# --- engine and simulators: prebuilt jars, or builds of a private copy (never builds in this checkout) ---------
engine_jar payments
simulators_jar payments

# Other programs on this machine (builds, tests) would take CPU from the engine: wait until they are done
waited=0
while other=$(cpu_other 5) && [ "$other" -gt "$OTHER_CPU_MAX" ] && [ "$waited" -lt "$QUIET_WAIT_SECONDS" ]; do
  [ "$waited" -gt 0 ] || log "other programs use ${other}% of a core; waiting up to ${QUIET_WAIT_SECONDS} s for quiet"
  sleep 10
  waited=$((waited + 15))
done
[ "$other" -le "$OTHER_CPU_MAX" ] || log "WARNING: other programs still use ${other}% of a core; going on"

# pgbench scripts from the statements the engine runs (fails here if a statement's parameters changed)
python3 scripts/bench/make-pgbench-cycle.py "$SRC/src/main/java/io/govclear" "$OUT" >"$OUT/cycle-statements.sql"

# --- database: fresh, migrated and seeded by the engine at start ---------------------------------------------
fresh_db
PG_SETTINGS=$(psql -d "$DB" -XAt -c "SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY name)
  FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'full_page_writes', 'wal_sync_method',
  'shared_buffers', 'max_wal_size', 'commit_delay', 'autovacuum')")
SERVER_VERSION=$(sql "SHOW server_version")
log "PostgreSQL $SERVER_VERSION at $PGHOST:$PGPORT, database $DB: $PG_SETTINGS"
[ "$(sql 'SHOW synchronous_commit')" = on ] && [ "$(sql 'SHOW fsync')" = on ] \
  || log "WARNING: synchronous_commit or fsync is off: commits are not durable, the figures do not count"

ENGINE_PID='' SIM_PID='' WRK_PID='' PGB_PID=''
cleanup() {
  for pid in $WRK_PID $PGB_PID $ENGINE_PID $SIM_PID; do
    kill "$pid" 2>/dev/null && { wait "$pid" 2>/dev/null || true; }
  done
  rm -f "$OUT"/codes-*
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_engine() { # start_engine LOG: starts the engine, waits until it is ready; fails when it stops meanwhile
  log "engine: starting on port $PORT with the prod and demo profiles, simulators at :$SIM_PORT (log: $1)"
  # the demo profile's channel URLs all point at GOVCLEAR_SIMULATORS_URL, reached over HTTP like the real channels
  QUARKUS_PROFILE=prod,demo GOVCLEAR_SIMULATORS_URL=http://127.0.0.1:$SIM_PORT \
  GOVCLEAR_PUBLIC_BASE_URL=http://127.0.0.1:$PORT QUARKUS_HTTP_PORT=$PORT \
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
# The simulators first (their own process; they call the engine's port only once cycles run), then the engine.
# A failed start of the engine is tried once more, on a fresh database
start_simulators "$OUT/simulators.log" "$SIM_PORT"
if ! start_engine "$OUT/engine.log"; then
  mv "$OUT/engine.log" "$OUT/engine-failed-start.log"
  f=$OUT/engine-failed-start.log
  log "WARNING: the engine stopped while starting: $({ grep -m 1 'Caused by' "$f" || grep -m 1 ERROR "$f"; } \
    | cut -c 1-200) (log: $f); trying once more"
  fresh_db
  start_engine "$OUT/engine.log" || { tail -n 30 "$OUT/engine.log" >&2; die "the engine stopped while starting"; }
fi

export BENCH_CHANNELS=${BENCH_CHANNELS:-ALIPAY,WECHAT_PAY,UNIONPAY,BANK_ICBC}
export BENCH_HOST=127.0.0.1 BENCH_PORT=$PORT BENCH_UNIT=HZ-TRAFFIC BENCH_ITEM=FINE-TRAFFIC BENCH_AMOUNT_FEN=20000
# where pay-cycles.lua sends its calls to the simulators (wrk itself only talks to the engine)
export BENCH_SIM_HOST=127.0.0.1 BENCH_SIM_PORT=$SIM_PORT
BENCH_DUE_DATE=$(date -d '+30 days' +%F)
export BENCH_DUE_DATE
RUN_TAG=$(date +%H%M%S)

# One cycle per channel by hand: checkout, pay, and the attempt SUCCEEDED within 10 s
python3 scripts/bench/batch-bills.py "$OUT/codes-probe" 1 2 "${RUN_TAG}probe" >/dev/null \
  || die "the signed batch API did not issue bills"
n=0
for ch in ALIPAY WECHAT_PAY; do
  n=$((n + 1))
  code=$(sed -n "${n}p" "$OUT/codes-probe.0.dat")
  answer=$(curl -s -X POST -H 'Content-Type: application/json' -d "{\"channel\":\"$ch\"}" \
    "http://127.0.0.1:$PORT/api/v1/bills/$code/payments")
  pid=$(echo "$answer" | sed -n 's/.*"paymentId":"\([A-Z0-9]*\)".*/\1/p')
  [ -n "$pid" ] || die "checkout on $ch failed: $answer"
  slug=$([ "$ch" = ALIPAY ] && echo alipay || echo wechat-pay)
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{}' \
    "http://127.0.0.1:$SIM_PORT/sim/$slug/orders/$pid/pay")
  [ "$status" = 200 ] || die "the $ch simulator did not take the payment of $pid: HTTP $status"
  printf 'P %s 0\nQ %s 200 0\n' "$pid" "$pid" >>"$OUT/probe.0.rec"   # for the bookkeeping, like wrk's records
  for _ in $(seq 1 100); do
    [ "$(sql "SELECT status FROM payment_attempt WHERE payment_id = '$pid'")" = SUCCEEDED ] && break
    sleep 0.1
  done
  [ "$(sql "SELECT status FROM payment_attempt WHERE payment_id = '$pid'")" = SUCCEEDED ] \
    || die "$ch payment $pid is not SUCCEEDED 10 s after the pay call (logs: $OUT/engine.log, $OUT/simulators.log)"
done
log "engine: ready; one cycle on each channel went through (checkout, pay, notify, SUCCEEDED)"

# --- engine under wrk -------------------------------------------------------------------------------------------
# cpu_snaps SECONDS NAME [ENGINE_PID [SIMULATORS_PID]]: CPU split over the middle of a load phase of SECONDS, and the
# engine's JVM threads
cpu_snaps() {
  local secs=$1 name=$2 edge=2
  [ "$secs" -ge 10 ] || edge=1
  sleep "$edge"
  python3 scripts/bench/cpu-sample.py snap "$OUT/$name.cpu0"
  [ -z "${3:-}" ] || python3 scripts/bench/jvm-threads.py snap "$OUT/$name.jvm0" "$3"
  sleep $((secs - 2 * edge))
  python3 scripts/bench/cpu-sample.py snap "$OUT/$name.cpu1"
  [ -z "${3:-}" ] || python3 scripts/bench/jvm-threads.py snap "$OUT/$name.jvm1" "$3"
  python3 scripts/bench/cpu-sample.py diff "$OUT/$name.cpu0" "$OUT/$name.cpu1" "${3:-}" "${4:-}" >"$OUT/$name.cpu"
  [ -z "${3:-}" ] || python3 scripts/bench/jvm-threads.py diff "$OUT/$name.jvm0" "$OUT/$name.jvm1" >"$OUT/$name.jvm"
}

# drain NAME: waits until every attempt whose pay call answered 200 in phase NAME is SUCCEEDED (through the notify
# or the engine's query of the channel) and no stored notify is left unprocessed. The paid paymentIds go to
# bench.paid_call (a table of the benchmark's own, in the benchmark's database).
drain() {
  local left t0=$SECONDS
  sql "SET client_min_messages = warning; CREATE SCHEMA IF NOT EXISTS bench;
    CREATE TABLE IF NOT EXISTS bench.paid_call (payment_id varchar(32) PRIMARY KEY, phase text NOT NULL)"
  python3 scripts/bench/cycle-stats.py paid "$OUT/$1" | sed "s/\$/,$1/" \
    | psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 -c "COPY bench.paid_call FROM STDIN WITH (FORMAT csv)"
  while :; do
    left=$(sql "SELECT (SELECT count(*) FROM bench.paid_call p JOIN payment_attempt a USING (payment_id)
      WHERE p.phase = '$1' AND a.status <> 'SUCCEEDED') + (SELECT count(*) FROM channel_callback
      WHERE processed_at IS NULL)")
    [ "$left" -gt 0 ] || break
    [ $((SECONDS - t0)) -lt "$DRAIN_MAX_SECONDS" ] || {
      log "WARNING: $left paid attempts still not SUCCEEDED ${DRAIN_MAX_SECONDS} s after wrk stopped"; break; }
    sleep 1
  done
  [ $((SECONDS - t0)) -le 5 ] || log "$1: the last successes came $((SECONDS - t0)) s after wrk stopped"
}

run_wrk() { # run_wrk NAME SECONDS: issues bills, then wrk; records in $OUT/NAME.*.rec, summary in NAME.result
  local name=$1 secs=$2 per_thread
  per_thread=$(((MAX_RATE * secs + CONNECTIONS - 1) / CONNECTIONS + 200))
  issued=$(python3 scripts/bench/batch-bills.py "$OUT/codes-$name" "$CONNECTIONS" "$per_thread" "$RUN_TAG$name") \
    || die "issuing bills for $name failed"
  log "$name: $issued through the batch API; wrk -t$CONNECTIONS -c$CONNECTIONS -d${secs}s"
  if [ "$name" = measure ]; then
    # this server may run without autovacuum: fresh statistics for the engine, as for pgbench below
    sql "ANALYZE"
    sql "CHECKPOINT"
    wal0=$(wal_snap) && upd_snap >"$OUT/upd0"
  fi
  BENCH_CODES_PREFIX=$OUT/codes-$name BENCH_REC_PREFIX=$OUT/$name BENCH_WRK_RESULT=$OUT/$name.result \
    wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"${secs}s" --timeout 10s -s scripts/bench/pay-cycles.lua \
    "http://127.0.0.1:$PORT" >"$OUT/$name.wrk.txt" 2>&1 &
  WRK_PID=$!
  [ "$name" != measure ] || cpu_snaps "$secs" "$name" "$ENGINE_PID" "$SIM_PID"
  wait "$WRK_PID" || { cat "$OUT/$name.wrk.txt" >&2; die "wrk failed"; }
  WRK_PID=''
  rm -f "$OUT/codes-$name".*
  [ -f "$OUT/$name.result" ] || { cat "$OUT/$name.wrk.txt" >&2; die "wrk wrote no result"; }
  [ "$(val wrapped "$OUT/$name.result")" -eq 0 ] \
    || log "WARNING: $name ran out of fresh bills and reused some (answered 409): raise MAX_RATE"
  drain "$name"
  [ "$name" != measure ] || { wal1=$(wal_snap) && upd_snap >"$OUT/upd1"; }
}

# Every attempt with its success times, for the figures and the bookkeeping (see cycle-stats.py)
export_attempts() {
  psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 -c "COPY (SELECT a.payment_id, a.channel, a.status,
      (extract(epoch FROM s.changed_at) * 1000000)::bigint, (extract(epoch FROM c.received_at) * 1000000)::bigint,
      (extract(epoch FROM coalesce(c.processed_at, s.changed_at)) * 1000000)::bigint, coalesce(s.source, ''),
      rtrim(o.payment_code)
    FROM payment_attempt a
    JOIN payment_order o ON o.id = a.order_id
    LEFT JOIN attempt_status_change s ON s.attempt_id = a.id AND s.to_status = 'SUCCEEDED'
    LEFT JOIN LATERAL (SELECT received_at, processed_at FROM channel_callback
                       WHERE payment_id = a.payment_id AND outcome = 'PAID' ORDER BY id LIMIT 1) c ON true)
    TO STDOUT WITH (FORMAT csv)" >"$1"
}

errors_of() { # errors_of RESULT: failed checkouts and pays, requests without an answer, reused bills
  local r=$1
  echo $(($(val bad_checkout "$r") + $(val bad_pay "$r") + $(val lost "$r") + $(val wrapped "$r") \
    + $(val err_connect "$r") + $(val err_read "$r") + $(val err_write "$r") + $(val err_timeout "$r")))
}
cycles_per_s() { calc "$(cat "$OUT/$1".*.rec | grep -c '^Q [^ ]* 200 ') / $(val duration_us "$OUT/$1.result") \
  * 1000000" | xargs printf '%.0f'; }

# Warm-up: the JIT needs 60-75 s on 2 shared cores; the same load also warms PostgreSQL
left=$WARMUP_SECONDS chunk_no=0 WARMUP_ERRORS=0 PHASES=("$OUT/probe")
while [ "$left" -gt 0 ]; do
  chunk_no=$((chunk_no + 1))
  secs=$((left < CHUNK_MAX ? left : CHUNK_MAX))
  run_wrk "warmup$chunk_no" "$secs"
  PHASES+=("$OUT/warmup$chunk_no")
  r=$OUT/warmup$chunk_no.result
  WARMUP_ERRORS=$((WARMUP_ERRORS + $(errors_of "$r")))
  log "warmup$chunk_no: $(cycles_per_s "warmup$chunk_no") cycles/s, $(errors_of "$r") errors $(val first_err "$r")"
  left=$((left - secs))
done

# Measured phase
run_wrk measure "$DURATION_SECONDS"
PHASES+=("$OUT/measure")
R=$OUT/measure.result
export_attempts "$OUT/attempts.csv"
python3 scripts/bench/cycle-stats.py measure "$OUT/measure" "$R" "$OUT/attempts.csv" >"$OUT/measure.stats"
S=$OUT/measure.stats
E_RATE=$(val rate "$S") E_ERRORS=$(errors_of "$R")
E_WAL=$(wal_diff "$wal0" "$wal1" "$(val cycles "$S")")
per_channel() { # per_channel KEY: "ALIPAY n, WECHAT_PAY n, ..." over BENCH_CHANNELS
  local c out=''
  for c in ${BENCH_CHANNELS//,/ }; do out="$out${out:+, }$c $(val "$(echo "$c" | tr 'A-Z' 'a-z')_$1" "$S")"; done
  echo "$out"
}
log "measure: $E_RATE cycles/s ($(per_channel rate));" \
  "pay -> PAID p50 $(val paid_p50 "$S") ms p99 $(val paid_p99 "$S") ms; checkout p50 $(val checkout_p50 "$S") ms" \
  "p99 $(val checkout_p99 "$S") ms; $E_ERRORS errors $(val first_err "$R"); cpu: $(cat "$OUT/measure.cpu")"

# --- bookkeeping: no posting lost or doubled -----------------------------------------------------------------------
python3 scripts/bench/cycle-stats.py account "$OUT/attempts.csv" "${PHASES[@]}" >"$OUT/account.txt"
A=$OUT/account.txt
CHECKS=()
check() { # check NAME ACTUAL EXPECTED
  if [ "$2" = "$3" ]; then CHECKS+=("ok     $1: $2"); else CHECKS+=("FAILED $1: $2, expected $3"); fi
}
check "successful pay calls whose attempt is not SUCCEEDED (lost)" "$(val lost "$A")" 0
check "SUCCEEDED attempts without a successful or unanswered pay call" "$(val unexplained "$A")" 0
check "SUCCEEDED attempts without exactly one journal entry payment:<paymentId>" "$(sql "SELECT count(*)
  FROM payment_attempt a WHERE a.status = 'SUCCEEDED' AND (SELECT count(*) FROM journal_entry e
  WHERE e.idempotency_key = 'payment:' || a.payment_id) <> 1")" 0
check "payment entries of an attempt that is not SUCCEEDED" "$(sql "SELECT count(*) FROM journal_entry e
  WHERE e.idempotency_key LIKE 'payment:%' AND NOT EXISTS (SELECT 1 FROM payment_attempt a
  WHERE 'payment:' || a.payment_id = e.idempotency_key AND a.status = 'SUCCEEDED')")" 0
check "payment entries other than: debit channel clearing, credit the unit, by the attempt's amount" \
  "$(sql "SELECT count(*) FROM journal_entry e JOIN payment_attempt a ON 'payment:' || a.payment_id = e.idempotency_key
  JOIN (SELECT entry_id, array_agg(account || ' ' || debit_fen || ' ' || credit_fen ORDER BY line_no) AS legs
        FROM journal_line GROUP BY entry_id) l ON l.entry_id = e.id
  WHERE l.legs <> ARRAY['channel_clearing:' || a.channel || ' ' || a.amount_fen || ' 0',
                        'unit_payable:$BENCH_UNIT 0 ' || a.amount_fen]")" 0
check "SUCCEEDED attempts whose bill is not PAID by that attempt" "$(sql "SELECT count(*) FROM payment_attempt a
  JOIN payment_order o ON o.id = a.order_id
  WHERE a.status = 'SUCCEEDED' AND (o.status <> 'PAID' OR o.paid_attempt_id IS DISTINCT FROM a.id)")" 0
check "PAID bills without exactly one payment entry" "$(sql "SELECT count(*) FROM payment_order o
  LEFT JOIN (SELECT reference, count(*) AS n FROM journal_entry WHERE entry_type = 'PAYMENT' GROUP BY reference) e
    ON e.reference = rtrim(o.payment_code)
  WHERE o.status = 'PAID' AND coalesce(e.n, 0) <> 1")" 0
check "payment entries of a bill that is not PAID" "$(sql "SELECT count(*) FROM journal_entry e
  WHERE e.entry_type = 'PAYMENT' AND NOT EXISTS (SELECT 1 FROM payment_order o
  WHERE rtrim(o.payment_code) = e.reference AND o.status = 'PAID')")" 0
check "duplicate payments recorded" "$(sql "SELECT count(*) FROM duplicate_payment")" 0
check "journal: sum(debit_fen) - sum(credit_fen)" "$(sql "SELECT coalesce(sum(debit_fen) - sum(credit_fen), 0)
  FROM journal_line")" 0
PAID_ATTEMPTS=$(val succeeded "$A") PAID_CALLS=$(val paid_calls "$A")
CALLBACKS=$(sql "SELECT string_agg(outcome || ' ' || n, ', ' ORDER BY n DESC)
  FROM (SELECT coalesce(outcome, 'unprocessed') AS outcome, count(*) AS n FROM channel_callback GROUP BY 1) x")
CHECKS_OK=yes
for c in "${CHECKS[@]}"; do [ "${c%% *}" = ok ] || CHECKS_OK=no; done
log "bookkeeping: $PAID_ATTEMPTS paid attempts, $PAID_CALLS successful pay calls, callbacks: $CALLBACKS;" \
  "checks $([ "$CHECKS_OK" = yes ] && echo passed || echo FAILED)"

# Sampled values of the engine's last cycles for pgbench's constants, and a bill to copy for pgbench's bills
mapfile -t PGB_VARS < <(psql -d "$DB" -XAt -v ON_ERROR_STOP=1 -f "$OUT/cycle-vars.sql")
[ "${#PGB_VARS[@]}" -gt 40 ] || die "no completed cycle to sample on both channels for pgbench's values"
SAMPLE_BILL=$(sql "SELECT max(id) FROM payment_order WHERE status = 'UNPAID' AND unit_order_no LIKE 'P%'")

kill "$ENGINE_PID" && wait "$ENGINE_PID" 2>/dev/null || true
ENGINE_PID=''
kill "$SIM_PID" && wait "$SIM_PID" 2>/dev/null || true
SIM_PID=''
log "engine and simulators: stopped"

# --- pgbench: the same statements, same database, engine and simulators stopped --------------------------------------
# pgbench's bills: copies of an engine-issued bill with 19-digit payment codes 10^18 + k (see make-pgbench-cycle.py)
# warm-up and measurement each get their own range, with a quarter to spare for clients that run ahead
PGB_LO=$((PGBENCH_MAX_RATE * PGBENCH_WARMUP_SECONDS * 5 / 4 + PGBENCH_CLIENTS))
PGB_BILLS=$((PGB_LO + PGBENCH_MAX_RATE * DURATION_SECONDS * 5 / 4 + PGBENCH_CLIENTS))
cols=$(sql "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns
  WHERE table_schema = 'public' AND table_name = 'payment_order'
  AND column_name NOT IN ('id', 'payment_code', 'unit_order_no', 'status', 'paid_attempt_id', 'paid_at')")
sql "INSERT INTO payment_order (payment_code, unit_order_no, status, $cols)
  SELECT (1000000000000000000 + g)::text, 'PGB-' || g, 'UNPAID', $cols
  FROM generate_series(0, $PGB_BILLS - 1) g, payment_order s WHERE s.id = $SAMPLE_BILL"
sql "INSERT INTO order_line (order_id, line_no, item_id, amount_fen)
  SELECT o.id, l.line_no, l.item_id, l.amount_fen FROM payment_order o, order_line l
  WHERE o.unit_order_no LIKE 'PGB-%' AND l.order_id = $SAMPLE_BILL"
sql "ANALYZE"
log "pgbench: $PGB_BILLS bills made for it (copies of bill $SAMPLE_BILL)"

run_pgbench() { # run_pgbench NAME SECONDS LO [pgbench options]: output in $OUT/NAME.pgbench.txt
  local name=$1 secs=$2 lo=$3
  shift 3
  pgbench -n -M prepared -c "$PGBENCH_CLIENTS" -j 2 -T "$secs" \
    -f "$OUT/cycle-alipay.pgbench.sql@1" -f "$OUT/cycle-wechat.pgbench.sql@1" \
    -D i=0 -D lo="$lo" -D clients="$PGBENCH_CLIENTS" "${PGB_VARS[@]}" "$@" "$DB" >"$OUT/$name.pgbench.txt" 2>&1 &
  PGB_PID=$!
  [ "$name" != pgbench ] || cpu_snaps "$secs" "$name"
  wait "$PGB_PID" || { tail -n 20 "$OUT/$name.pgbench.txt" >&2
    grep -q 'expected one row, got 0' "$OUT/$name.pgbench.txt" && die "pgbench ran out of bills: raise PGBENCH_MAX_RATE"
    die "pgbench failed"; }
  PGB_PID=''
}
pgb() { grep -oP "$1" "$OUT/pgbench.pgbench.txt" | head -n 1; }
pgb_paid() { sql "SELECT count(*) FROM payment_order WHERE unit_order_no LIKE 'PGB-%' AND status = 'PAID'"; }

log "pgbench: warm-up ${PGBENCH_WARMUP_SECONDS} s"
[ "$PGBENCH_WARMUP_SECONDS" -le 0 ] || run_pgbench pgbench-warmup "$PGBENCH_WARMUP_SECONDS" 0
sql "CHECKPOINT"
paid0=$(pgb_paid) wal0=$(wal_snap) && upd_snap >"$OUT/upd2"
log "pgbench: measuring ${DURATION_SECONDS} s (-c $PGBENCH_CLIENTS -j 2 -M prepared, both channels' scripts)"
rm -f "$OUT"/pgbench-log*
run_pgbench pgbench "$DURATION_SECONDS" "$PGB_LO" \
  -P 5 -l --log-prefix="$OUT/pgbench-log"
paid1=$(pgb_paid) wal1=$(wal_snap) && upd_snap >"$OUT/upd3"
P_TPS=$(pgb 'tps = \K[0-9.]+' | xargs printf '%.0f')
P_DONE=$(pgb 'actually processed: \K[0-9]+')
P_FAILED=$(pgb 'failed transactions: \K[0-9]+' || echo 0)
# per-transaction log: column 3 is the latency in microseconds
cat "$OUT"/pgbench-log* | awk '{ print $3 }' | sort -n >"$OUT/pgbench-latency-us.txt"
rm -f "$OUT"/pgbench-log*
n=$(wc -l <"$OUT/pgbench-latency-us.txt")
pct() { sed -n "$(((n * $1 + 99) / 100))p" "$OUT/pgbench-latency-us.txt"; }
P_P50=$(ms "$(pct 50)") P_P99=$(ms "$(pct 99)")
P_PAID=$((paid1 - paid0))
P_WAL=$(wal_diff "$wal0" "$wal1" "$P_PAID")
check "pgbench: bills paid = transactions processed" "$P_PAID" "$P_DONE"
check "journal after pgbench: sum(debit_fen) - sum(credit_fen)" "$(sql "SELECT sum(debit_fen) - sum(credit_fen)
  FROM journal_line")" 0
log "pgbench: $P_TPS cycles/s, p50 $P_P50 ms, p99 $P_P99 ms, $P_FAILED failed; $P_PAID bills paid for" \
  "$P_DONE transactions; cpu: $(cat "$OUT/pgbench.cpu")"

# --- summary ------------------------------------------------------------------------------------------------------
RATIO=$(calc "$E_RATE / $P_TPS" | xargs printf '%.2f')
T_RATE=$(pf "$E_RATE >= $TARGET_RATE")
CHECKS_OK=yes
for c in "${CHECKS[@]}"; do [ "${c%% *}" = ok ] || CHECKS_OK=no; done
# CPU per cycle: % of one core / cycles per second x 10 = milliseconds of CPU per cycle
cpu_of() { grep -oP "$1 \\K[0-9]+(?=%)" "$2" | head -n 1 || echo 0; }
per_cycle() { calc "$1 * 10 / $2" | xargs printf '%.2f'; }
E_ENGINE=$(cpu_of engine "$OUT/measure.cpu") E_SIM=$(cpu_of simulators "$OUT/measure.cpu")
E_PG=$(cpu_of postgres "$OUT/measure.cpu")
E_WRK=$(cpu_of wrk "$OUT/measure.cpu") P_PGCPU=$(cpu_of postgres "$OUT/pgbench.cpu")
VALID=yes
[ "$E_ERRORS" -eq 0 ] && [ "$(val not_paid "$S")" -eq 0 ] && [ "$P_FAILED" -eq 0 ] || VALID=no
E_OTHER=$(cut -d' ' -f1 "$OUT/measure.cpu1.rest") P_OTHER=$(cut -d' ' -f1 "$OUT/pgbench.cpu1.rest")
QUIET=yes
[ "$E_OTHER" -le "$OTHER_CPU_MAX" ] && [ "$P_OTHER" -le "$OTHER_CPU_MAX" ] || QUIET=no
ch_line() { # ch_line PREFIX: one channel's latencies (all channels for '')
  local p=${1:+${1}_}
  printf '%12s%8s %6s %7s | %7s %7s | %7s %7s | %6s %6s | %6s %6s\n' "${1:-all}" "$(val "${p}paid_p50" "$S")" \
    "$(val "${p}paid_p90" "$S")" "$(val "${p}paid_p99" "$S")" "$(val "${p}notify_p50" "$S")" \
    "$(val "${p}notify_p99" "$S")" "$(val "${p}apply_p50" "$S")" "$(val "${p}apply_p99" "$S")" \
    "$(val "${p}checkout_p50" "$S")" "$(val "${p}checkout_p99" "$S")" "$(val "${p}pay_call_p50" "$S")" \
    "$(val "${p}pay_call_p99" "$S")"
}
{
  echo
  echo "=== bench-payments $(date '+%F %T')  $(nproc) cores, PostgreSQL $SERVER_VERSION ==="
  printf 'postgres  : %s\n' "$PG_SETTINGS"
  printf 'engine    : %s cycles/s (%s wrk connections, %s s, warm-up %s s, %s errors; warm-up errors %s)\n' \
    "$E_RATE" "$CONNECTIONS" "$DURATION_SECONDS" "$WARMUP_SECONDS" "$E_ERRORS" "$WARMUP_ERRORS"
  printf '            per channel /s: %s (pay calls answered 200 in the window)\n' "$(per_channel rate)"
  printf '            PAID commits in the window: %s/s (%s)\n' "$(val db_paid_per_s "$S")" \
    "$(per_channel db_paid_per_s)"
  [ "$(calc "$(val db_paid_per_s "$S") < 0.9 * $E_RATE ? 1 : 0")" = 0 ] || printf '%s\n' \
    "            NOT STEADY: notifies piled up during the window and were handled after it (see notify in);" \
    "            the engine's work for them fell outside the window, so cycles/s is flattering"
  printf 'latency ms: %-22s | %-15s | %-15s | %-13s | %-13s\n' "pay->PAID p50 p90 p99" "notify in p50 p99" \
    "committed p50 p99" "checkout p50 p99" "pay call p50 p99"
  for c in '' $(echo "${BENCH_CHANNELS//,/ }" | tr 'A-Z' 'a-z'); do ch_line "$c"; done
  printf '            bank counters: the teller call (query + confirm) is both checkout and pay call\n'
  printf '            pay->PAID: pay call sent -> PAID committed (channel_callback.processed_at, stamped after the\n'
  printf '            commit); notify in: pay call sent -> notify received; committed: notify received -> committed\n'
  printf '            successes found by a query instead of a notify: %s\n' "$(val by_query "$S")"
  printf 'pgbench   : %s cycles/s  p50 %s ms  p99 %s ms  (%s clients, %s s, %s failed; a transaction is %s)\n' \
    "$P_TPS" "$P_P50" "$P_P99" "$PGBENCH_CLIENTS" "$DURATION_SECONDS" "$P_FAILED" "one cycle's SQL"
  printf 'ratio     : engine / pgbench = %s\n' "$RATIO"
  printf 'target    : >= %s cycles/s [%s]\n' "$TARGET_RATE" "$T_RATE"
  printf 'cpu       : engine phase: %s\n' "$(cat "$OUT/measure.cpu")"
  printf '            engine JVM threads: %s\n' "$(cat "$OUT/measure.jvm")"
  printf '            per cycle: engine %s ms, simulators %s ms, postgres %s ms, wrk %s ms\n' \
    "$(per_cycle "$E_ENGINE" "$E_RATE")" "$(per_cycle "$E_SIM" "$E_RATE")" "$(per_cycle "$E_PG" "$E_RATE")" \
    "$(per_cycle "$E_WRK" "$E_RATE")"
  printf '            pgbench phase: %s\n' "$(cat "$OUT/pgbench.cpu")"
  printf '            pgbench phase, per cycle: postgres %s ms\n' "$(per_cycle "$P_PGCPU" "$P_TPS")"
  printf 'wal       : engine phase: %s\n' "$E_WAL"
  printf '            engine phase, per cycle: %s\n' "$(upd_diff "$OUT/upd0" "$OUT/upd1" "$(val cycles "$S")")"
  printf '            pgbench phase: %s\n' "$P_WAL"
  printf '            pgbench phase, per cycle: %s\n' "$(upd_diff "$OUT/upd2" "$OUT/upd3" "$P_PAID")"
  printf 'checks    : %s paid attempts = %s successful pay calls + %s of %s pays unanswered when wrk stopped\n' \
    "$PAID_ATTEMPTS" "$PAID_CALLS" "$(val unanswered_paid "$A")" "$(val unanswered_pays "$A")"
  printf '            callbacks: %s\n' "$CALLBACKS"
  printf '            %s\n' "${CHECKS[@]}"
  [ "$VALID" = yes ] || echo "INVALID RUN: errors, unexpected answers or pays not PAID (see $OUT)"
  [ "$QUIET" = yes ] || echo "DISTURBED RUN: other programs used ${E_OTHER}% / ${P_OTHER}% of a core during the" \
    "engine / pgbench measurement (limit ${OTHER_CPU_MAX}%); the figures do not count, run again on a quiet machine"
  [ "$CHECKS_OK" = yes ] || echo "BOOKKEEPING CHECK FAILED: a posting was lost or doubled (see above and $OUT)"
  echo "details   : $OUT"
} | tee "$OUT/summary.txt"

[ "$CHECKS_OK" = yes ] || exit 1
[ "$VALID" = yes ] && [ "$QUIET" = yes ] || exit 2
[ "$T_RATE" = PASS ] || exit 1
