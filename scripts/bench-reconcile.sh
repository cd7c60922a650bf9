#!/usr/bin/env bash
# Reconciliation benchmark. Puts LINES (1,000,000) SUCCEEDED WeChat Pay attempts of one business day straight into
# PostgreSQL (generate_series), writes the matching trade bill in WeChat Pay's format (BOM, 27 backticked columns,
# CRLF, summary; ~250 MB) into the WeChat Pay simulator's bill folder, then has the packaged engine (small heap)
# reconcile it: POST /api/v1/reconciliations as a supervisor, the adapter streams the bill from the simulator (the
# packaged channel simulators, a process of their own on BENCH_SIM_PORT) over HTTP into a temporary file (SHA1
# checked), the parser streams it into COPY, matching is set-wise SQL. Prints the total time, lines/s, the engine's
# peak heap (jstat every 250 ms), the CPU of the engine process, the simulators' process and PostgreSQL during the
# run, each on its own, and the ratio to a baseline in the same run: PostgreSQL loading the same lines, pre-split as
# CSV, with psql \copy into a table shaped like statement_line, plus one matching join against payment_attempt.
#
# Usage: scripts/bench-reconcile.sh            (from any directory; needs a PostgreSQL superuser, default postgres)
# Environment (defaults in brackets):
#   LINES [1000000]   HEAP [256m] (the engine's -Xmx)   TARGET_SECONDS [30]
#   GOVCLEAR_JAR      a prebuilt quarkus-app/quarkus-run.jar; otherwise a private copy of this checkout is built
#   GOVCLEAR_SIMULATORS_JAR  a prebuilt simulators/target/quarkus-app/quarkus-run.jar; otherwise built in that copy
#   JAVA_OPTS         extra JVM options for the engine
#   SIMULATORS_JAVA_OPTS extra JVM options for the simulators
#   BENCH_DB [govclear_bench_reconcile] (dropped and recreated)  BENCH_PORT [18083] (the engine's)
#   BENCH_SIM_PORT [BENCH_PORT + 100] the simulators' port
#   BENCH_OUT [bench-out/reconcile-<time>]
#   QUIET_WAIT_SECONDS [300] how long to wait at the start for other programs to leave the CPU alone
#   OTHER_CPU_MAX [10] % of one core other programs may use before the machine counts as busy
#   PGHOST [127.0.0.1]  PGPORT [5432]  PGUSER [postgres]  PGPASSWORD [postgres]
# Exit status: 0 target met and every line matched, 1 target missed or lines not matched, 3 setup failed.
set -euo pipefail
[ -z "${GOVCLEAR_JAR:-}" ] || GOVCLEAR_JAR=$(readlink -f "$GOVCLEAR_JAR")
[ -z "${GOVCLEAR_SIMULATORS_JAR:-}" ] || GOVCLEAR_SIMULATORS_JAR=$(readlink -f "$GOVCLEAR_SIMULATORS_JAR")
[ -z "${BENCH_OUT:-}" ] || BENCH_OUT=$(readlink -f "$BENCH_OUT")
cd "$(dirname "$0")/.."
ROOT=$PWD

LINES=${LINES:-1000000}
HEAP=${HEAP:-256m}
TARGET_SECONDS=${TARGET_SECONDS:-30}
DB=${BENCH_DB:-govclear_bench_reconcile}
PORT=${BENCH_PORT:-18083}
SIM_PORT=${BENCH_SIM_PORT:-$((PORT + 100))}
OUT=${BENCH_OUT:-$ROOT/bench-out/reconcile-$(date +%Y%m%d-%H%M%S)}
QUIET_WAIT_SECONDS=${QUIET_WAIT_SECONDS:-300}
OTHER_CPU_MAX=${OTHER_CPU_MAX:-10}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
export PGCLIENTENCODING=UTF8
# A closed business day (two days ago in Asia/Shanghai); the daily scheduler is off, so only our request opens it
DAY=$(TZ=Asia/Shanghai date -d '-2 days' +%F)

mkdir -p "$OUT/bills"
. scripts/bench/lib.sh  # log, val, calc, need, cpu_other, fresh_db, rnd, ms, pf, engine_jar, simulators_jar,
                        # start_simulators
die() { echo "bench-reconcile: $*" >&2; exit 3; }
sql() { psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 -c "$1"; }
now() { date +%s.%N; }

need psql postgresql-client
need pg_isready postgresql-client
need python3 python3
need curl curl
need java openjdk-17-jre-headless
need jstat openjdk-17-jdk-headless
[ -n "${GOVCLEAR_JAR:-}" ] && [ -n "${GOVCLEAR_SIMULATORS_JAR:-}" ] || need rsync rsync
pg_isready -q -t 5 || die "no PostgreSQL answers at $PGHOST:$PGPORT (as $PGUSER); start it or set PGHOST/PGPORT"

# --- engine and simulators: prebuilt jars, or builds of a private copy (never builds in this checkout) ---------
engine_jar reconcile
simulators_jar reconcile

fresh_db
ENGINE_PID='' SIM_PID='' JSTAT_PID=''
cleanup() {
  for pid in $JSTAT_PID $ENGINE_PID $SIM_PID; do
    kill "$pid" 2>/dev/null && { wait "$pid" 2>/dev/null || true; }
  done
  rm -rf "$OUT/bills" "$OUT/lines.csv"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The simulators (their own process) serve the prepared bill from $OUT/bills as WeChat Pay's trade bill of its date
GOVCLEAR_SIMULATOR_WECHAT_PAY_BILL_DIRECTORY="$OUT/bills" start_simulators "$OUT/simulators.log" "$SIM_PORT"
log "engine: starting on port $PORT, -Xmx$HEAP, prod and demo profiles, simulators at :$SIM_PORT" \
  "(log: $OUT/engine.log)"
QUARKUS_PROFILE=prod,demo GOVCLEAR_SIMULATORS_URL=http://127.0.0.1:$SIM_PORT \
GOVCLEAR_PUBLIC_BASE_URL=http://127.0.0.1:$PORT QUARKUS_HTTP_PORT=$PORT \
QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://$PGHOST:$PGPORT/$DB \
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$PGHOST:$PGPORT/$DB \
QUARKUS_DATASOURCE_USERNAME=$PGUSER QUARKUS_DATASOURCE_PASSWORD=$PGPASSWORD \
GOVCLEAR_DEMO_SEED=true GOVCLEAR_PII_KEY=$(rnd 16) GOVCLEAR_PII_HASH_KEY=$(rnd 32) \
GOVCLEAR_SECURITY_PAYMENT_CODE_KEY=$(rnd 32) QUARKUS_HTTP_ACCESS_LOG_ENABLED=false \
GOVCLEAR_RECONCILIATION_DAILY=false \
  java -Xmx"$HEAP" ${JAVA_OPTS:-} -jar "$JAR" >"$OUT/engine.log" 2>&1 &
ENGINE_PID=$!
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready")" = 200 ] && break
  kill -0 "$ENGINE_PID" 2>/dev/null || { tail -n 30 "$OUT/engine.log" >&2; die "the engine stopped while starting"; }
  sleep 1
done

# --- the day's books: one bill (through the signed API) and LINES successful attempts of that day ----------------
export BENCH_HOST=127.0.0.1 BENCH_PORT=$PORT BENCH_UNIT=HZ-TRAFFIC BENCH_ITEM=FINE-TRAFFIC BENCH_AMOUNT_FEN=20000
BENCH_DUE_DATE=$(date -d '+30 days' +%F)
export BENCH_DUE_DATE
python3 scripts/bench/batch-bills.py "$OUT/codes" 1 1 "R$(date +%H%M%S)" >/dev/null || die "no bill issued"
ORDER_ID=$(sql "SELECT min(id) FROM payment_order")
t0=$(now)
# payment_id SP + 14 digits, amounts 1.00 to 500.99 yuan, paid during the day (Asia/Shanghai)
sql "INSERT INTO payment_attempt (payment_id, order_id, channel, status, principal_fen, late_fee_fen, amount_fen,
       routing_reason, channel_trade_no, expires_at, paid_at, created_at, updated_at)
     SELECT 'SP' || lpad(g::text, 14, '0'), $ORDER_ID, 'WECHAT_PAY', 'SUCCEEDED', 100 + g % 50000, 0,
            100 + g % 50000, 'bench', '42000' || lpad(g::text, 15, '0'), d + interval '1 day', p, p, p
     FROM generate_series(1, $LINES) g,
          LATERAL (SELECT '$DAY 00:00:00+08'::timestamptz AS d) x,
          LATERAL (SELECT x.d + (g % 86000) * interval '1 second' AS p) y" >/dev/null
sql "ANALYZE payment_attempt"
log "books: $LINES SUCCEEDED WeChat Pay attempts of $DAY inserted in $(calc "$(now) - $t0" | xargs printf '%.1f') s"

# --- the statement: the trade bill exactly as WeChat Pay writes it, and the same lines pre-split as CSV --------
t0=$(now)
BILL=$OUT/bills/$DAY.csv
YUAN="to_char(%s / 100.0, 'FM999999990.00')"
AMOUNT=$(printf "$YUAN" a.amount_fen) FEE=$(printf "$YUAN" '((a.amount_fen * 6 + 500) / 1000)')
{
  printf '\xef\xbb\xbf'
  printf '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,'
  printf '应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,'
  printf '手续费,费率,订单金额,申请退款金额,费率备注\r\n'
  psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 -v FETCH_COUNT=50000 -c "
    SELECT '\`' || to_char(a.paid_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS')
        || ',\`wxd678efh567hg6787,\`1900000109,\`0,\`,\`' || a.channel_trade_no || ',\`' || a.payment_id
        || ',\`oBenchPayer,\`NATIVE,\`SUCCESS,\`OTHERS,\`CNY,\`' || $AMOUNT || ',\`0.00,\`0,\`0,\`0.00,\`0.00,\`,\`,\`交通罚没,\`,\`'
        || $FEE || ',\`0.60%,\`' || $AMOUNT || ',\`0.00,\`' || chr(13)
    FROM payment_attempt a WHERE a.channel = 'WECHAT_PAY' AND a.routing_reason = 'bench'
    ORDER BY a.paid_at, a.payment_id"
  printf '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n'
  psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 -c "
    SELECT '\`' || count(*) || ',\`' || $(printf "$YUAN" 'sum(a.amount_fen)') || ',\`0.00,\`0.00,\`'
        || $(printf "$YUAN" 'sum((a.amount_fen * 6 + 500) / 1000)') || ',\`' || $(printf "$YUAN" 'sum(a.amount_fen)')
        || ',\`0.00' || chr(13)
    FROM payment_attempt a WHERE a.channel = 'WECHAT_PAY' AND a.routing_reason = 'bench'"
} >"$BILL"
psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 -c "\copy (SELECT 0, row_number() OVER (ORDER BY paid_at, payment_id) + 1,
    'PAYMENT', payment_id, channel_trade_no, NULL, amount_fen, (amount_fen * 6 + 500) / 1000, paid_at
    FROM payment_attempt WHERE channel = 'WECHAT_PAY' AND routing_reason = 'bench') TO '$OUT/lines.csv' (FORMAT csv)"
BILL_BYTES=$(stat -c %s "$BILL")
log "statement: $BILL ($((BILL_BYTES / 1024 / 1024)) MB, $(($(wc -l <"$BILL") - 3)) lines) and the CSV written in" \
  "$(calc "$(now) - $t0" | xargs printf '%.1f') s"

# --- quiet machine? (shared: other engineers build and test) ----------------------------------------------------
waited=0
while other=$(cpu_other 5) && [ "$other" -gt "$OTHER_CPU_MAX" ] && [ "$waited" -lt "$QUIET_WAIT_SECONDS" ]; do
  [ "$waited" -gt 0 ] || log "other programs use ${other}% of a core; waiting up to ${QUIET_WAIT_SECONDS} s for quiet"
  sleep 10
  waited=$((waited + 15))
done
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
log "machine: other programs use ${other}% of a core, load average $LOAD"

# --- the engine reconciles it --------------------------------------------------------------------------------
jstat -gc "$ENGINE_PID" 250 >"$OUT/jstat.log" 2>&1 &
JSTAT_PID=$!
sleep 1
python3 scripts/bench/cpu-sample.py snap "$OUT/run.cpu0"
t0=$(now)
answer=$(curl -s -u supervisor:demo-supervisor -H 'Content-Type: application/json' \
  -d "{\"channel\":\"WECHAT_PAY\",\"businessDate\":\"$DAY\"}" "http://127.0.0.1:$PORT/api/v1/reconciliations")
RUN_ID=$(echo "$answer" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
[ -n "$RUN_ID" ] || die "POST /api/v1/reconciliations answered: $answer"
status=PENDING
while [ "$status" = PENDING ] || [ "$status" = RUNNING ]; do
  sleep 0.2
  status=$(sql "SELECT status FROM reconciliation_run WHERE id = $RUN_ID")
  [ "$(calc "(($(now) - $t0) > 600) ? 1 : 0")" = 0 ] || die "run $RUN_ID still $status after 600 s"
done
t1=$(now)
python3 scripts/bench/cpu-sample.py snap "$OUT/run.cpu1"
sleep 0.5
kill "$JSTAT_PID" 2>/dev/null; wait "$JSTAT_PID" 2>/dev/null || true; JSTAT_PID=''
ENGINE_SECONDS=$(calc "$t1 - $t0")
[ "$status" = COMPLETED ] || die "run $RUN_ID ended $status: $(sql "SELECT error FROM reconciliation_run WHERE id = $RUN_ID")"
read -r LOADED MATCHED DISCREPANCIES PHASES <<<"$(sql "SELECT r.statement_lines, r.matched_count,
    (SELECT count(*) FROM discrepancy d WHERE d.run_id = r.id),
    round(extract(epoch FROM r.finished_at - r.started_at)::numeric, 1)
  FROM reconciliation_run r WHERE r.id = $RUN_ID" | tr '|' ' ')"
CPU=$(python3 scripts/bench/cpu-sample.py diff "$OUT/run.cpu0" "$OUT/run.cpu1" "$ENGINE_PID" "$SIM_PID")
OTHER_DURING=$(cut -d' ' -f1 "$OUT/run.cpu1.rest")
# % of one core, and CPU seconds over the run, of a group in CPU ("engine 87%, simulators 12%, postgres 60%, ...")
cpu_of() { echo "$CPU" | grep -oP "$1 \K[0-9]+(?=%)" | head -n 1 || echo 0; }
cpu_s() { calc "$(cpu_of "$1") * $ENGINE_SECONDS / 100" | xargs printf '%.1f'; }
C_ENGINE=$(cpu_of engine) C_SIM=$(cpu_of simulators) C_PG=$(cpu_of postgres)
# heap used = survivor + eden + old (KB); old gen alone is what survives collections
read -r PEAK_HEAP_KB PEAK_OLD_KB <<<"$(awk '$1 ~ /^[0-9.]+$/ { u = $3 + $4 + $6 + $8; if (u > m) m = u;
  if ($8 > o) o = $8 } END { printf "%d %d", m, o }' "$OUT/jstat.log")"
log "engine: run $RUN_ID $status in $(printf '%.1f' "$ENGINE_SECONDS") s (claimed to finished: $PHASES s):" \
  "$LOADED lines loaded, $MATCHED matched, $DISCREPANCIES discrepancies; CPU: $CPU"

# --- baseline: PostgreSQL alone loads the same lines (COPY) and joins them once ---------------------------------
sql "CREATE TABLE bench_statement_line (LIKE statement_line INCLUDING ALL)"
t0=$(now)
psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 -c "\copy bench_statement_line (run_id, line_no, kind, payment_id,
    channel_trade_no, refund_id, amount_fen, fee_fen, completed_at) FROM '$OUT/lines.csv' (FORMAT csv)" >/dev/null
BASE_MATCHED=$(sql "SELECT count(*) FROM bench_statement_line l JOIN payment_attempt a
    ON a.payment_id = l.payment_id AND a.channel = 'WECHAT_PAY'
  WHERE a.status = 'SUCCEEDED' AND NOT a.duplicate AND a.amount_fen = l.amount_fen")
BASE_SECONDS=$(calc "$(now) - $t0")
log "baseline: \\copy of $LINES pre-split lines plus one matching join in $(printf '%.1f' "$BASE_SECONDS") s" \
  "($BASE_MATCHED matched)"

# --- figures ----------------------------------------------------------------------------------------------------
RATE=$(calc "$LINES / $ENGINE_SECONDS" | xargs printf '%.0f')
RATIO=$(calc "$ENGINE_SECONDS / $BASE_SECONDS" | xargs printf '%.2f')
OK=$(pf "$ENGINE_SECONDS <= $TARGET_SECONDS && $MATCHED == $LINES && $LOADED == $LINES && $DISCREPANCIES == 0")
cat <<EOF | tee "$OUT/summary.txt"

reconciliation of $LINES WeChat Pay trade-bill lines ($((BILL_BYTES / 1024 / 1024)) MB) for $DAY, engine -Xmx$HEAP
  total (POST to COMPLETED)    $(printf '%.1f' "$ENGINE_SECONDS") s   (target <= $TARGET_SECONDS s)   $OK
  lines/s                      $RATE
  matched / discrepancies      $MATCHED / $DISCREPANCIES
  peak heap used               $((PEAK_HEAP_KB / 1024)) MB (old generation at most $((PEAK_OLD_KB / 1024)) MB), max heap $HEAP
  baseline (\\copy + join)      $(printf '%.1f' "$BASE_SECONDS") s
  engine / baseline            $RATIO
  machine                      load average before $LOAD; other programs ${OTHER_DURING}% of a core during the run
  CPU engine / simulators      ${C_ENGINE}% / ${C_SIM}% of one core ($(cpu_s engine) s / $(cpu_s simulators) s of CPU)
  CPU postgres                 ${C_PG}% of one core ($(cpu_s postgres) s of CPU)
  CPU during the run           $CPU
  output                       $OUT
EOF
[ "$OK" = PASS ]
