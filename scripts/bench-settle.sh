#!/usr/bin/env bash
# Settlement benchmark. Fills a fresh database directly with SQL: BENCH_UNITS collecting units with two charge items
# each, and BENCH_ATTEMPTS paid bills (one line each, spread over the units' items, Alipay and WeChat Pay) on one
# business day, whose reconciliation runs are marked COMPLETED (no discrepancies: everything matched). Then the
# packaged engine (prod + demo profile, for the demo keys and staff; no channel simulators: a settlement calls no
# channel) builds that day's batch (POST /api/v1/settlements as the demo clerk), and a single SQL aggregate
# over the same rows (gross and fee per unit and item) runs on the same database. Prints the engine's time, the
# aggregate's time and their ratio, checks the batch's totals against the aggregate, and the time against the target.
#
# Usage: scripts/bench-settle.sh            (from any directory; needs a PostgreSQL superuser, default postgres)
# Environment (defaults in brackets):
#   BENCH_ATTEMPTS [1000000]  BENCH_UNITS [5000]
#   GOVCLEAR_JAR         a prebuilt quarkus-app/quarkus-run.jar; otherwise a private copy of this checkout is built
#   JAVA_OPTS            extra JVM options for the engine
#   BENCH_DB [govclear_bench_settle] (dropped and recreated)  BENCH_PORT [18081]  BENCH_OUT [bench-out/settle-<time>]
#   PGHOST [127.0.0.1]  PGPORT [5432]  PGUSER [postgres]  PGPASSWORD [postgres]
# Exit status: 0 target met, 1 target missed, 2 the batch disagrees with the aggregate, 3 setup failed.
set -euo pipefail
[ -z "${GOVCLEAR_JAR:-}" ] || GOVCLEAR_JAR=$(readlink -f "$GOVCLEAR_JAR")
[ -z "${BENCH_OUT:-}" ] || BENCH_OUT=$(readlink -f "$BENCH_OUT")
cd "$(dirname "$0")/.."
ROOT=$PWD

ATTEMPTS=${BENCH_ATTEMPTS:-1000000}
UNITS=${BENCH_UNITS:-5000}
DB=${BENCH_DB:-govclear_bench_settle}
PORT=${BENCH_PORT:-18081}
OUT=${BENCH_OUT:-$ROOT/bench-out/settle-$(date +%Y%m%d-%H%M%S)}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
export PGCLIENTENCODING=UTF8
TARGET_SECONDS=15

mkdir -p "$OUT"
. scripts/bench/lib.sh  # log, calc, need, fresh_db, rnd, pf, engine_jar, start_engine_alone
die() { echo "bench-settle: $*" >&2; exit 3; }
sql() { psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 -c "$1"; }
now_ms() { date +%s%3N; }

need psql postgresql-client
need pg_isready postgresql-client
need curl curl
need java openjdk-17-jre-headless
[ -n "${GOVCLEAR_JAR:-}" ] || need rsync rsync
pg_isready -q -t 5 || die "no PostgreSQL answers at $PGHOST:$PGPORT (as $PGUSER); start it or set PGHOST/PGPORT"

# --- the engine: a prebuilt jar, or a build of a private copy (never builds in this checkout) ------------------
engine_jar settle

fresh_db
ENGINE_PID=''
cleanup() { [ -z "$ENGINE_PID" ] || { kill "$ENGINE_PID" 2>/dev/null && wait "$ENGINE_PID" 2>/dev/null || true; }; }
trap cleanup EXIT
trap 'exit 130' INT TERM

start_engine_alone

# --- the data: units, items, paid bills and their attempts on DAY, runs completed ------------------------------
DAY=$(TZ=Asia/Shanghai date -d 'yesterday' +%F)
log "data: $UNITS units x 2 items, $ATTEMPTS paid attempts on $DAY (SQL)"
t0=$(now_ms)
psql -d "$DB" -XAq -v ON_ERROR_STOP=1 <<SQL >"$OUT/data.log" 2>&1 || { tail -n 20 "$OUT/data.log" >&2; die "data failed"; }
INSERT INTO collecting_unit (code, name, region_code, settlement_account, allowed_channels)
SELECT 'BU' || lpad(u::text, 6, '0'), 'bench unit ' || u, '330' || lpad((100 + u % 50)::text, 3, '0'),
       '1202' || lpad(u::text, 15, '0'), 'ALIPAY,WECHAT_PAY'
FROM generate_series(1, $UNITS) u;
INSERT INTO charge_item (unit_id, code, name, category, amount_standard, late_fee_rule, destination,
                         income_classification, share_central_bp, share_province_bp, share_city_bp, share_unit_bp,
                         fee_deducted)
SELECT cu.id, 'IT' || k, 'bench item ' || k, 'ADMIN_FEE', 'FREE', 'NONE',
       CASE k WHEN 1 THEN 'TREASURY' ELSE 'FISCAL_SPECIAL_ACCOUNT' END, '1030401',
       CASE k WHEN 1 THEN 3333 ELSE 0 END, CASE k WHEN 1 THEN 3333 ELSE 3000 END, CASE k WHEN 1 THEN 3334 ELSE 0 END,
       CASE k WHEN 1 THEN 0 ELSE 7000 END, k = 2
FROM collecting_unit cu CROSS JOIN generate_series(1, 2) k WHERE cu.code LIKE 'BU%';
CREATE TEMP TABLE items AS
SELECT row_number() OVER (ORDER BY ci.id) - 1 AS n, ci.id, ci.unit_id FROM charge_item ci
JOIN collecting_unit cu ON cu.id = ci.unit_id WHERE cu.code LIKE 'BU%';
INSERT INTO payment_order (id, payment_code, unit_id, unit_order_no, request_hash, status, principal_fen, due_date,
                           payer_name_masked, payer_enc, created_at, updated_at)
SELECT 900000000 + i, '8' || lpad(i::text, 19, '0'), it.unit_id, 'B' || i, '\x00'::bytea, 'PAID', 100 + (i::bigint * 7919) % 99901,
       DATE '$DAY', '张*', '\x00'::bytea, now(), now()
FROM generate_series(1, $ATTEMPTS) i JOIN items it ON it.n = i % ($UNITS * 2);
INSERT INTO order_line (order_id, line_no, item_id, amount_fen)
SELECT o.id, 1, it.id, o.principal_fen FROM payment_order o JOIN items it ON it.n = (o.id - 900000000) % ($UNITS * 2)
WHERE o.id > 900000000;
INSERT INTO payment_attempt (payment_id, order_id, channel, status, principal_fen, late_fee_fen, amount_fen,
                             routing_reason, expires_at, paid_at, created_at, updated_at)
SELECT 'BP' || lpad((o.id - 900000000)::text, 12, '0'), o.id, CASE WHEN o.id % 2 = 0 THEN 'ALIPAY' ELSE 'WECHAT_PAY' END,
       'SUCCEEDED', o.principal_fen, 0, o.principal_fen, 'bench', now(),
       (DATE '$DAY')::timestamp AT TIME ZONE 'Asia/Shanghai' + ((o.id % 86400) || ' seconds')::interval, now(), now()
FROM payment_order o WHERE o.id > 900000000;
INSERT INTO reconciliation_run (channel, business_date, status, requested_by, created_at, finished_at)
VALUES ('ALIPAY', DATE '$DAY', 'COMPLETED', 'bench', now(), now()),
       ('WECHAT_PAY', DATE '$DAY', 'COMPLETED', 'bench', now(), now());
ANALYZE;
SQL
log "data: loaded in $(( ($(now_ms) - t0) / 1000 )) s"

# --- the engine builds the batch ------------------------------------------------------------------------------
t0=$(now_ms)
code=$(curl -s -o "$OUT/batch.json" -w '%{http_code}' -u clerk:demo-clerk -H 'Content-Type: application/json' \
  -d "{\"businessDate\":\"$DAY\"}" --max-time 600 "http://127.0.0.1:$PORT/api/v1/settlements")
ENGINE_MS=$(( $(now_ms) - t0 ))
[ "$code" = 201 ] || { head -c 500 "$OUT/batch.json" >&2; die "POST /api/v1/settlements answered $code"; }
BATCH_GROSS=$(sql "SELECT gross_fen FROM settlement_batch WHERE business_date = '$DAY'")
BATCH_LINES=$(sql "SELECT count(*) FROM settlement_line l JOIN settlement_batch b ON b.id = l.batch_id WHERE b.business_date = '$DAY'")

# --- a single SQL aggregate over the same rows ---------------------------------------------------------------
t0=$(now_ms)
AGG=$(sql "SELECT count(*), sum(gross) FROM (
  SELECT ci.unit_id, ol.item_id, sum(a.amount_fen) AS gross, sum((a.amount_fen * 60 + 5000) / 10000) AS fee
  FROM payment_attempt a JOIN order_line ol ON ol.order_id = a.order_id JOIN charge_item ci ON ci.id = ol.item_id
  WHERE a.status = 'SUCCEEDED' AND NOT a.duplicate
    AND a.paid_at >= (DATE '$DAY')::timestamp AT TIME ZONE 'Asia/Shanghai'
    AND a.paid_at < (DATE '$DAY' + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
  GROUP BY 1, 2) x")
AGG_MS=$(( $(now_ms) - t0 ))
AGG_LINES=${AGG%%|*}
AGG_GROSS=${AGG##*|}

RATIO=$(calc "$ENGINE_MS / ($AGG_MS > 0 ? $AGG_MS : 1)" | xargs printf '%.1f')
log "engine: batch of $DAY built in $(calc "$ENGINE_MS / 1000" | xargs printf '%.2f') s ($BATCH_LINES lines, gross $BATCH_GROSS fen)"
log "SQL aggregate over the same rows: $(calc "$AGG_MS / 1000" | xargs printf '%.2f') s ($AGG_LINES groups, gross $AGG_GROSS fen)"
log "ratio engine / aggregate: $RATIO; target: engine <= $TARGET_SECONDS s: $(pf "$ENGINE_MS <= $TARGET_SECONDS * 1000")"
[ "$BATCH_GROSS" = "$AGG_GROSS" ] && [ "$BATCH_LINES" = "$AGG_LINES" ] || { log "MISMATCH: batch and aggregate disagree"; exit 2; }
[ "$ENGINE_MS" -le $((TARGET_SECONDS * 1000)) ] || exit 1
