#!/usr/bin/env bash
# Console benchmark. Fills a fresh database directly with SQL: BENCH_BILLS bills of the demo units over BENCH_DAYS
# days, most of them paid (an attempt each, Alipay / WeChat Pay / UnionPay / ICBC), the dashboard's daily_figure
# built from them as the triggers would have. Then the packaged engine (prod + demo profile) is signed in to as the
# demo clerk through the console's own form, warmed up, and measured, each figure beside PostgreSQL doing the same
# query alone:
#   - the dashboard (GET /console), a filtered search (unit, status, payment days, amount range) and a bill's
#     timeline: p50 / p95 of BENCH_REQUESTS requests each (targets: 300 / 500 / 200 ms at p95);
#   - a streamed CSV export of the bills paid in the last BENCH_EXPORT_DAYS days (about a million): rows per second (target 100,000/s) and the engine's heap
#     (largest used heap sampled while it streams, against before);
#   - revenue reports from closed days (BENCH_REPORT_UNITS units × BENCH_REPORT_ITEMS items, a month of closed days in
#     the month's sums, a year of daily rows of each unit's first item, written directly with SQL after the engine has
#     loaded its catalog): the month's report page by unit × item (p95 target 1 s), its XLSX and CSV exports (median
#     of three; target 5 s) beside PostgreSQL's own aggregate and COPY, and a year of daily rows per unit as XLSX with the heap sampled.
#
# Usage: scripts/bench-console.sh            (from any directory; needs a PostgreSQL superuser, default postgres)
# Environment (defaults in brackets):
#   BENCH_BILLS [5000000]  BENCH_DAYS [400]  BENCH_REQUESTS [50]  BENCH_WARMUP_SECONDS [60]  BENCH_EXPORT_DAYS [90]
#   BENCH_ONLY [all]  reports: only the revenue reports (no bills loaded)
#   BENCH_REPORT_UNITS [3567]  BENCH_REPORT_ITEMS [100]
#   GOVCLEAR_JAR         a prebuilt quarkus-app/quarkus-run.jar; otherwise a private copy of this checkout is built
#   JAVA_OPTS            extra JVM options for the engine
#   BENCH_DB [govclear_bench_console] (dropped and recreated)  BENCH_PORT [18082]  BENCH_OUT [bench-out/console-<time>]
#   BENCH_REUSE [false]  true: keep BENCH_DB when it already holds BENCH_BILLS bench bills (from an earlier run with
#                        the same BENCH_BILLS and BENCH_DAYS on the same day) instead of loading them again
#   PGHOST [127.0.0.1]  PGPORT [5432]  PGUSER [postgres]  PGPASSWORD [postgres]
# Exit status: 0 every target met, 1 a target missed, 3 setup failed.
set -euo pipefail
[ -z "${GOVCLEAR_JAR:-}" ] || GOVCLEAR_JAR=$(readlink -f "$GOVCLEAR_JAR")
[ -z "${BENCH_OUT:-}" ] || BENCH_OUT=$(readlink -f "$BENCH_OUT")
cd "$(dirname "$0")/.."
ROOT=$PWD

BILLS=${BENCH_BILLS:-5000000}
DAYS=${BENCH_DAYS:-400}
REQUESTS=${BENCH_REQUESTS:-50}
WARMUP=${BENCH_WARMUP_SECONDS:-60}
DB=${BENCH_DB:-govclear_bench_console}
PORT=${BENCH_PORT:-18082}
OUT=${BENCH_OUT:-$ROOT/bench-out/console-$(date +%Y%m%d-%H%M%S)}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
export PGCLIENTENCODING=UTF8
BASE=http://127.0.0.1:$PORT

mkdir -p "$OUT"
. scripts/bench/lib.sh  # log, calc, need, fresh_db, rnd, pf, engine_jar
die() { echo "bench-console: $*" >&2; exit 3; }
sql() { psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 -c "$1"; }
now_ms() { date +%s%3N; }

need psql postgresql-client
need pg_isready postgresql-client
need curl curl
need java openjdk-17-jre-headless
pg_isready -q -t 5 || die "no PostgreSQL answers at $PGHOST:$PGPORT (as $PGUSER); start it or set PGHOST/PGPORT"

engine_jar console
REUSED=false
if [ "${BENCH_REUSE:-false}" = true ] && [ "$(psql -d postgres -XAtq -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" = 1 ] \
   && [ "$(sql "SELECT count(*) FROM payment_order WHERE id > 800000000" 2>/dev/null)" = "$BILLS" ]; then
  REUSED=true
else
  fresh_db
fi
ENGINE_PID=''
cleanup() { [ -z "$ENGINE_PID" ] || { kill "$ENGINE_PID" 2>/dev/null && wait "$ENGINE_PID" 2>/dev/null || true; }; }
trap cleanup EXIT
trap 'exit 130' INT TERM

start_engine() {
  QUARKUS_PROFILE=prod,demo QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://$PGHOST:$PGPORT/$DB \
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$PGHOST:$PGPORT/$DB \
  QUARKUS_DATASOURCE_USERNAME=$PGUSER QUARKUS_DATASOURCE_PASSWORD=$PGPASSWORD \
  GOVCLEAR_DEMO_SEED=true GOVCLEAR_PII_KEY=$PII_KEY GOVCLEAR_PII_HASH_KEY=$HASH_KEY \
  GOVCLEAR_SECURITY_PAYMENT_CODE_KEY=$CODE_KEY QUARKUS_HTTP_ACCESS_LOG_ENABLED=false \
  GOVCLEAR_SETTLEMENT_DAILY=false GOVCLEAR_RECONCILIATION_DAILY=false GOVCLEAR_CONSOLE_IDLE_TIMEOUT=2H \
    java ${JAVA_OPTS:-} -jar "$JAR" >>"$OUT/engine.log" 2>&1 &
  ENGINE_PID=$!
  for _ in $(seq 1 180); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/q/health/ready")" = 200 ] && return
    kill -0 "$ENGINE_PID" 2>/dev/null || { tail -n 30 "$OUT/engine.log" >&2; die "the engine stopped while starting"; }
    sleep 1
  done
  die "the engine is not ready after 180 s (log: $OUT/engine.log)"
}
PII_KEY=$(rnd 16) HASH_KEY=$(rnd 32) CODE_KEY=$(rnd 32)
TODAY=$(TZ=Asia/Shanghai date +%F)
ONLY=${BENCH_ONLY:-all}
if [ "$ONLY" = reports ]; then
  log "bills: skipped (BENCH_ONLY=reports)"
elif [ "$REUSED" = true ]; then
  log "data: reusing the $BILLS bills already in $DB (BENCH_REUSE=true)"
else
log "engine: starting on port $PORT (prod + demo profiles) to migrate and seed the demo catalog and staff"
start_engine
kill "$ENGINE_PID"; wait "$ENGINE_PID" 2>/dev/null || true; ENGINE_PID=''

# --- the data ---------------------------------------------------------------------------------------------------
log "data: $BILLS bills over $DAYS days up to $TODAY, ~90 % paid (SQL, triggers off; daily_figure built after)"
t0=$(now_ms)
psql -d "$DB" -XAq -v ON_ERROR_STOP=1 <<SQL >"$OUT/data.log" 2>&1 || { tail -n 20 "$OUT/data.log" >&2; die "data failed"; }
SET session_replication_role = replica;
CREATE TEMP TABLE items AS
SELECT row_number() OVER (ORDER BY i.id) - 1 AS n, i.id, i.unit_id, i.amount_standard, i.fixed_amount_fen
FROM charge_item i;
CREATE TEMP TABLE item_count AS SELECT count(*) AS n FROM items;
-- each paid bill's attempt has the bill's id; with triggers off (replica) the foreign keys wait for the attempts,
-- so the bills are written once, already paid (an UPDATE afterwards would rewrite five million rows)
INSERT INTO payment_order (id, payment_code, unit_id, unit_order_no, request_hash, status, principal_fen, due_date,
                           payer_name_masked, payer_id_masked, payer_phone_masked, payer_enc, payer_id_hash,
                           paid_attempt_id, paid_at, created_at, updated_at)
SELECT 800000000 + g, '7' || lpad(g::text, 19, '0'), it.unit_id, 'BENCH-' || g, '\x00'::bytea,
       CASE WHEN g % 10 = 0 THEN 'UNPAID' ELSE 'PAID' END,
       coalesce(it.fixed_amount_fen, 1000 + (g::bigint * 7919) % 500000),
       DATE '$TODAY' - ((g % $DAYS)::int) + 10, '张*', '330106********' || lpad((g % 10000)::text, 4, '0'),
       '138****' || lpad((g % 10000)::text, 4, '0'), '\x00'::bytea, sha256(('payer-' || (g % 100000))::bytea),
       CASE WHEN g % 10 = 0 THEN NULL ELSE 800000000 + g END,
       CASE WHEN g % 10 = 0 THEN NULL ELSE t.at + interval '2 min' END, t.at, now()
FROM generate_series(1, $BILLS) g JOIN items it ON it.n = g % (SELECT n FROM item_count)
CROSS JOIN LATERAL (SELECT (DATE '$TODAY' - (g % $DAYS)::int)::timestamp AT TIME ZONE 'Asia/Shanghai'
                           + ((g % 80000) || ' s')::interval AS at) t;
INSERT INTO order_line (order_id, line_no, item_id, amount_fen)
SELECT o.id, 1, it.id, o.principal_fen FROM payment_order o
JOIN items it ON it.n = (o.id - 800000000) % (SELECT n FROM item_count) WHERE o.id > 800000000;
INSERT INTO payment_attempt (id, payment_id, order_id, channel, status, principal_fen, late_fee_fen, amount_fen,
                             routing_reason, expires_at, paid_at, created_at, updated_at)
SELECT o.id, 'BP' || lpad((o.id - 800000000)::text, 12, '0'), o.id,
       (ARRAY['ALIPAY', 'WECHAT_PAY', 'UNIONPAY', 'BANK_ICBC'])[(1 + o.id % 4)::int], 'SUCCEEDED', o.principal_fen, 0,
       o.principal_fen, 'bench', o.created_at + interval '15 min', o.created_at + interval '2 min', o.created_at,
       o.created_at
FROM payment_order o WHERE o.id > 800000000 AND o.status = 'PAID';
SELECT setval(pg_get_serial_sequence('payment_attempt', 'id'), (SELECT max(id) FROM payment_attempt));
INSERT INTO daily_figure (business_date, unit_id, channel, category, slot, attempts, paid_count, paid_fen)
SELECT (a.created_at AT TIME ZONE 'Asia/Shanghai')::date, o.unit_id, a.channel, coalesce(bill_category(o.id), '-'), 0,
       count(*), count(*), sum(a.amount_fen)
FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id WHERE o.id > 800000000
GROUP BY 1, 2, 3, 4;
SET session_replication_role = origin;
ANALYZE;
SQL
log "data: loaded in $(( ($(now_ms) - t0) / 1000 )) s; $(sql "SELECT pg_size_pretty(pg_database_size('$DB'))")"
fi

log "engine: starting again on the loaded database (log: $OUT/engine.log)"
start_engine
JAR_PID=$ENGINE_PID

# --- sign in as the demo clerk through the console's form ---------------------------------------------------------
JAR_COOKIES=$OUT/cookies.txt
curl -s -c "$JAR_COOKIES" -b "$JAR_COOKIES" "$BASE/console/login" -o "$OUT/login.html"
PRELOGIN=$(grep -o 'name="_prelogin" value="[^"]*"' "$OUT/login.html" | sed 's/.*value="//; s/"$//')
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR_COOKIES" -b "$JAR_COOKIES" \
  --data-urlencode username=clerk --data-urlencode password=demo-clerk --data-urlencode "_prelogin=$PRELOGIN" \
  "$BASE/console/login")
[ "$code" = 303 ] || die "the console sign-in answered $code"

get() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -b "$JAR_COOKIES" "$BASE$1"; }
measure() { # measure NAME COUNT PATH...: p50 / p95 in ms of COUNT requests cycling through the paths
  local name=$1 count=$2; shift 2
  local paths=("$@") i=0 file="$OUT/$name.times"
  : >"$file"
  while [ $i -lt "$count" ]; do
    read -r status secs < <(get "${paths[$((i % ${#paths[@]}))]}")
    [ "$status" = 200 ] || die "$name: ${paths[$((i % ${#paths[@]}))]} answered $status"
    echo "$secs" >>"$file"
    i=$((i + 1))
  done
  sort -n "$file" | awk -v n="$count" '{ t[NR] = $1 * 1000 } END {
    p50 = t[int((n - 1) * 0.50) + 1]; p95 = t[int((n - 1) * 0.95) + 1]; printf "%.0f %.0f\n", p50, p95 }'
}
explain_ms() { sql "EXPLAIN (ANALYZE, FORMAT JSON) $1" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)[0]["Execution Time"], 1))'; }
heap() { curl -s "$BASE/q/metrics" | awk '/^jvm_memory_used_bytes\{area="heap"/ { s += $NF } END { printf "%d", s / 1048576 }'; }

BILLS_OK=PASS
if [ "$ONLY" != reports ]; then
# a bill in the middle of the range, the unit with most bills, and a filtered search of a month
UNIT=HZ-TRAFFIC
FROM_DAY=$(TZ=Asia/Shanghai date -d '-60 days' +%F); TO_DAY=$(TZ=Asia/Shanghai date -d '-30 days' +%F)
SEARCH="/console/bills?unit=$UNIT&status=PAID&paidFrom=$FROM_DAY&paidTo=$TO_DAY&minYuan=100&maxYuan=3000"
codes() { sql "SELECT payment_code FROM payment_order WHERE id > 800000000 AND status = 'PAID'
               ORDER BY id LIMIT $1 OFFSET $(( BILLS / 3 ))"; }
mapfile -t BILL_CODES < <(codes 400)

timeline_paths=(); for c in "${BILL_CODES[@]}"; do timeline_paths+=("/console/bills/$c"); done

log "warm-up: ${WARMUP} s of dashboard, search, timeline and one-day export requests"
end=$(( $(date +%s) + WARMUP )); n=0
while [ "$(date +%s)" -lt "$end" ]; do
  get /console >/dev/null; get "$SEARCH" >/dev/null; get "${timeline_paths[$((n % ${#timeline_paths[@]}))]}" >/dev/null
  get "/console/bills.csv?paidFrom=$FROM_DAY&paidTo=$FROM_DAY" >/dev/null  # the export's code too (a day, ~11,000 rows)
  n=$((n + 1))
done

read -r D50 D95 < <(measure dashboard "$REQUESTS" /console)
read -r S50 S95 < <(measure search "$REQUESTS" "$SEARCH")
read -r T50 T95 < <(measure timeline "$REQUESTS" "${timeline_paths[@]:0:$REQUESTS}")

# the same queries by PostgreSQL alone (EXPLAIN ANALYZE execution time; the dashboard runs four like this one)
UNIT_ID=$(sql "SELECT id FROM collecting_unit WHERE code = '$UNIT'")
DB_DASH=$(explain_ms "SELECT channel, category, sum(attempts), sum(paid_count), sum(paid_fen), sum(refund_count), sum(refund_fen)
  FROM daily_figure WHERE business_date >= DATE '$TODAY' - 29 AND business_date <= DATE '$TODAY' GROUP BY 1, 2")
DB_SEARCH=$(explain_ms "SELECT o.payment_code FROM payment_order o LEFT JOIN payment_attempt a ON a.id = o.paid_attempt_id
  WHERE o.unit_id = $UNIT_ID AND o.status = ANY(ARRAY['PAID']) AND o.paid_at >= '$FROM_DAY'::date
  AND o.paid_at < '$TO_DAY'::date + 1 AND o.principal_fen >= 10000 AND o.principal_fen <= 300000
  ORDER BY o.created_at DESC, o.id DESC LIMIT 51")
DB_TIMELINE=$(explain_ms "SELECT at, kind, actor, detail FROM bill_event WHERE order_id =
  (SELECT id FROM payment_order WHERE payment_code = '${BILL_CODES[0]}') ORDER BY at, kind")
log "dashboard  p50 $D50 ms, p95 $D95 ms (target <= 300: $(pf "$D95 <= 300")); PostgreSQL's 30-day query alone $DB_DASH ms"
log "search     p50 $S50 ms, p95 $S95 ms (target <= 500: $(pf "$S95 <= 500")); PostgreSQL alone $DB_SEARCH ms"
log "timeline   p50 $T50 ms, p95 $T95 ms (target <= 200: $(pf "$T95 <= 200")); PostgreSQL alone $DB_TIMELINE ms"

# --- the export: a million rows or so, streamed ------------------------------------------------------------------
# the bills paid in the last BENCH_EXPORT_DAYS days: about a million of five million over 400 days
EXPORT_FROM=$(TZ=Asia/Shanghai date -d "-${BENCH_EXPORT_DAYS:-90} days" +%F)
EXPORT_PATH="/console/bills.csv?paidFrom=$EXPORT_FROM&paidTo=$TODAY"
EXPORT_WHERE="o.paid_at >= ('$EXPORT_FROM'::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
  AND o.paid_at < ('$TODAY'::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'"
EXPORT_EXPECTED=$(sql "SELECT count(*) FROM payment_order o WHERE $EXPORT_WHERE")
HEAP_BEFORE=$(heap)
( peak=0; while kill -0 "$JAR_PID" 2>/dev/null && [ ! -f "$OUT/export.done" ]; do
    h=$(heap); [ "$h" -gt "$peak" ] && peak=$h; echo "$peak" >"$OUT/export.heap"; sleep 1; done ) &
SAMPLER=$!
t0=$(now_ms)
curl -s -b "$JAR_COOKIES" "$BASE$EXPORT_PATH" -o "$OUT/export.csv"
EXPORT_MS=$(( $(now_ms) - t0 )); touch "$OUT/export.done"; wait "$SAMPLER" 2>/dev/null || true
ROWS=$(( $(wc -l <"$OUT/export.csv") - 1 ))
RATE=$(calc "$ROWS / ($EXPORT_MS / 1000)" | xargs printf '%.0f')
HEAP_PEAK=$(cat "$OUT/export.heap" 2>/dev/null || echo "$HEAP_BEFORE")
t0=$(now_ms)
DB_EXPORT_ROWS=$(sql "COPY (SELECT o.payment_code, o.unit_order_no, o.status, o.principal_fen, o.payer_name_masked,
  o.payer_id_masked, o.payer_phone_masked, o.created_at, o.paid_at, a.channel FROM payment_order o
  LEFT JOIN payment_attempt a ON a.id = o.paid_attempt_id WHERE $EXPORT_WHERE ORDER BY o.id DESC) TO STDOUT" | wc -l)
DB_EXPORT_MS=$(( $(now_ms) - t0 ))
log "export     $ROWS rows (expected $EXPORT_EXPECTED) in $(ms "$EXPORT_MS") s: $RATE rows/s (target >= 100,000:" \
  "$(pf "$RATE >= 100000")); heap $HEAP_BEFORE MB before, at most $HEAP_PEAK MB while streaming; PostgreSQL's COPY of" \
  "the same rows $(ms "$DB_EXPORT_MS") s (ratio $(calc "$EXPORT_MS / ($DB_EXPORT_MS > 0 ? $DB_EXPORT_MS : 1)" | xargs printf '%.1f'))"
rm -f "$OUT/export.csv"
[ "$ROWS" = "$EXPORT_EXPECTED" ] || { log "MISMATCH: the export has $ROWS rows, the database $EXPORT_EXPECTED"; exit 1; }
BILLS_OK=$(pf "$D95 <= 300 && $S95 <= 500 && $T95 <= 200 && $RATE >= 100000")
fi

# --- revenue reports from closed days ----------------------------------------------------------------------------
UNITS=${BENCH_REPORT_UNITS:-3567}
ITEMS=${BENCH_REPORT_ITEMS:-100}
MONTH=$(TZ=Asia/Shanghai date -d "$(date +%Y-%m-01) -1 month" +%F)
MONTH_END=$(TZ=Asia/Shanghai date -d "$MONTH +1 month -1 day" +%F)
YEAR_FROM=$(TZ=Asia/Shanghai date -d "-366 days" +%F); YEAR_TO=$(TZ=Asia/Shanghai date -d "-1 day" +%F)
log "reports: $UNITS units × $ITEMS items; $MONTH … $MONTH_END closed in the month's sums, a year of daily rows" \
  "($YEAR_FROM … $YEAR_TO) of each unit's first item (SQL, after the engine loaded its catalog)"
t0=$(now_ms)
psql -d "$DB" -XAq -v ON_ERROR_STOP=1 <<SQL >"$OUT/reports-data.log" 2>&1 || { tail -n 20 "$OUT/reports-data.log" >&2; die "report data failed"; }
SET session_replication_role = replica;
INSERT INTO collecting_unit (id, code, name, region_code, settlement_account, allowed_channels)
SELECT 7000000 + u, 'BR' || lpad(u::text, 5, '0'), '报表测试单位' || u, '330106', '12020212' || lpad(u::text, 11, '0'),
       'ALIPAY,WECHAT_PAY,UNIONPAY,BANK_ICBC'
FROM generate_series(1, $UNITS) u;
INSERT INTO charge_item (id, unit_id, code, name, category, amount_standard, late_fee_rule, destination,
                         income_classification, share_province_bp, share_city_bp)
SELECT 70000000 + u * 1000 + i, 7000000 + u, 'IT' || lpad(i::text, 3, '0'), '收费项目' || i, 'ADMIN_FEE', 'FREE', 'NONE',
       CASE WHEN i % 10 = 0 THEN 'FISCAL_SPECIAL_ACCOUNT' ELSE 'TREASURY' END, '1030402', 3000, 7000
FROM generate_series(1, $UNITS) u, generate_series(1, $ITEMS) i;
-- the closed days (their batches are not part of this benchmark)
INSERT INTO day_close (business_date, batch_id, closed_by, reason, closed_at, gross_fen, late_fee_fen, refund_fen,
                       fee_fen, fee_deducted_fen, net_fen, held_fen, held_refund_fen, carried_in_fen, lines, digest)
SELECT d::date, 700000 + (d::date - DATE '$YEAR_FROM'), 'bench', 'bench', now(), 0, 0, 0, 0, 0,
       1000000 + (d::date - DATE '$YEAR_FROM'), 0, 0, 0, $UNITS, repeat('0', 64)
FROM generate_series(DATE '$YEAR_FROM', DATE '$YEAR_TO', interval '1 day') d;
INSERT INTO day_close_line (business_date, unit_code, item_code, channel, destination, gross_fen, late_fee_fen,
                            refund_fen, fee_fen, net_fen)
SELECT d::date, 'BR' || lpad(u::text, 5, '0'), 'IT001', (ARRAY['ALIPAY', 'WECHAT_PAY', 'UNIONPAY', 'BANK_ICBC'])[1 + u % 4],
       'TREASURY', 10000 + u, 0, 0, 6, 10000 + u
FROM generate_series(DATE '$YEAR_FROM', DATE '$YEAR_TO', interval '1 day') d, generate_series(1, $UNITS) u;
INSERT INTO revenue_month_line (month, unit_code, item_code, channel, destination, gross_fen, late_fee_fen,
                                refund_fen, fee_fen, net_fen, days)
SELECT DATE '$MONTH', 'BR' || lpad(u::text, 5, '0'), 'IT' || lpad(i::text, 3, '0'),
       (ARRAY['ALIPAY', 'WECHAT_PAY', 'UNIONPAY', 'BANK_ICBC'])[1 + (u + i) % 4],
       CASE WHEN i % 10 = 0 THEN 'FISCAL_SPECIAL_ACCOUNT' ELSE 'TREASURY' END, 300000 + u * 7 + i, 0, 1000, 180,
       299000 + u * 7 + i, 30
FROM generate_series(1, $UNITS) u, generate_series(1, $ITEMS) i;
INSERT INTO revenue_month_split (month, unit_code, item_code, channel, destination, level, amount_fen)
SELECT month, unit_code, item_code, channel, destination, l.level,
       CASE WHEN l.level = 'PROVINCE' THEN net_fen * 3 / 10 ELSE net_fen - net_fen * 3 / 10 END
FROM revenue_month_line, (VALUES ('PROVINCE'), ('CITY')) l(level) WHERE month = DATE '$MONTH';
SET session_replication_role = origin;
ANALYZE;
SQL
log "reports: data in $(( ($(now_ms) - t0) / 1000 )) s"
REPORT_Q="from=$MONTH&to=$MONTH_END&groupBy=unit,item"
REPORT_ROWS=$(( UNITS * ITEMS ))
log "warm-up: $(( WARMUP / 2 )) s of report pages and exports"
end=$(( $(date +%s) + WARMUP / 2 ))
while [ "$(date +%s)" -lt "$end" ]; do
  get "/console/reports?$REPORT_Q" >/dev/null; get "/console/reports/revenue.csv?$REPORT_Q" >/dev/null
  get "/console/reports/revenue.xlsx?$REPORT_Q" >/dev/null
done
read -r R50 R95 < <(measure report 20 "/console/reports?$REPORT_Q")
DB_REPORT=$(explain_ms "SELECT unit_code, item_code, sum(gross_fen), sum(late_fee_fen), sum(refund_fen),
  sum(fee_fen), sum(net_fen) FROM revenue_month_line WHERE month = DATE '$MONTH' GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 51")
log "report     a month of $UNITS units × $ITEMS items by unit × item: page p50 $R50 ms, p95 $R95 ms (target <= 1000:" \
  "$(pf "$R95 <= 1000")); PostgreSQL's grouped page alone $DB_REPORT ms"
download() { # download PATH FILE: milliseconds
  local t0; t0=$(now_ms); curl -s -f -b "$JAR_COOKIES" "$BASE$1" -o "$2" || die "$1 failed"; echo $(( $(now_ms) - t0 ))
}
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
XLSX_MS=$(median3 "$(download "/console/reports/revenue.xlsx?$REPORT_Q" "$OUT/month.xlsx")" \
  "$(download "/console/reports/revenue.xlsx?$REPORT_Q" "$OUT/month.xlsx")" \
  "$(download "/console/reports/revenue.xlsx?$REPORT_Q" "$OUT/month.xlsx")")
CSV_MS=$(median3 "$(download "/console/reports/revenue.csv?$REPORT_Q" "$OUT/month.csv")" \
  "$(download "/console/reports/revenue.csv?$REPORT_Q" "$OUT/month.csv")" \
  "$(download "/console/reports/revenue.csv?$REPORT_Q" "$OUT/month.csv")")
CSV_ROWS=$(( $(wc -l <"$OUT/month.csv") - 1 ))
XLSX_ROWS=$(python3 - "$OUT/month.xlsx" <<'PY'
import re, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    print(len(re.findall(rb'<row ', z.read('xl/worksheets/sheet1.xml'))) - 3)  # title, header, totals
PY
)
t0=$(now_ms)
sql "COPY (SELECT m.unit_code, u.name, m.item_code, ci.name, sum(m.gross_fen), sum(m.late_fee_fen),
  sum(m.refund_fen), sum(m.fee_fen), sum(m.net_fen) FROM revenue_month_line m
  JOIN collecting_unit u ON u.code = m.unit_code JOIN charge_item ci ON ci.unit_id = u.id AND ci.code = m.item_code
  WHERE m.month = DATE '$MONTH' GROUP BY 1, 2, 3, 4 ORDER BY 1, 3) TO STDOUT WITH CSV" >/dev/null
DB_COPY_MS=$(( $(now_ms) - t0 ))
log "report     the month as XLSX (median of 3): $XLSX_ROWS rows in $(ms "$XLSX_MS") s, $(du -h "$OUT/month.xlsx" | cut -f1)" \
  "(target <= 5 s: $(pf "$XLSX_MS <= 5000")); as CSV: $CSV_ROWS rows in $(ms "$CSV_MS") s; PostgreSQL's COPY of the" \
  "grouped rows $(ms "$DB_COPY_MS") s (ratios $(calc "$XLSX_MS / $DB_COPY_MS" | xargs printf '%.1f') and $(calc "$CSV_MS / $DB_COPY_MS" | xargs printf '%.1f'))"
[ "$XLSX_ROWS" = "$REPORT_ROWS" ] && [ "$CSV_ROWS" = "$REPORT_ROWS" ] || { log "MISMATCH: $XLSX_ROWS / $CSV_ROWS rows, expected $REPORT_ROWS"; exit 1; }
HEAP_BEFORE=$(heap)
rm -f "$OUT/year.done"
( peak=0; while [ ! -f "$OUT/year.done" ]; do h=$(heap); [ "$h" -gt "$peak" ] && peak=$h; echo "$peak" >"$OUT/year.heap"; sleep 1; done ) &
SAMPLER=$!
YEAR_MS=$(download "/console/reports/revenue.xlsx?from=$YEAR_FROM&to=$YEAR_TO&groupBy=date,unit" "$OUT/year.xlsx")
touch "$OUT/year.done"; wait "$SAMPLER" 2>/dev/null || true
log "report     a year of daily rows per unit ($(( UNITS * 366 )) rows) as XLSX in $(ms "$YEAR_MS") s," \
  "$(du -h "$OUT/year.xlsx" | cut -f1); heap $HEAP_BEFORE MB before, at most $(cat "$OUT/year.heap") MB while writing"
rm -f "$OUT"/*.xlsx "$OUT/month.csv"
[ "$BILLS_OK" = PASS ] && [ "$(pf "$R95 <= 1000 && $XLSX_MS <= 5000")" = PASS ] || exit 1
