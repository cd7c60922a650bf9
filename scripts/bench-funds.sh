#!/usr/bin/env bash
# Funds reconciliation benchmark. Fills a fresh database directly with SQL: BENCH_UNITS collecting units with two
# charge items each, and BENCH_ATTEMPTS paid bills on one business day spread over four channels (Alipay, WeChat Pay,
# UnionPay, the ICBC counter), each payment booked in the ledger as the engine books it, and each channel's
# reconciliation run COMPLETED with its statement's totals (everything matched). The packaged engine (prod + demo
# profile) then settles the day (built by the demo clerk, confirmed by the supervisor) and is told by a signed
# confirmation that the payout bank paid it. Then the timed part: the agent bank's two camt.053 statements of the
# collection account (the day: the counter's same-day settlement; the next day: the T+1 channels' settlements, net of
# fees for Alipay and WeChat Pay, and a debit per payout voucher of the settlement's payout file) are loaded through
# POST /api/v1/funds/statements, and the day's funds view and three-way integrity check are read. The same entries
# are then loaded into PostgreSQL alone (psql \copy into a table of the same shape) as the baseline. Prints both
# times, their ratio, the integrity answer, and the time against the target (<= 10 s).
#
# Usage: scripts/bench-funds.sh            (from any directory; needs a PostgreSQL superuser, default postgres)
# Environment (defaults in brackets):
#   BENCH_ATTEMPTS [1000000]  BENCH_UNITS [5000]  BENCH_OPENING_FEN [5000000000] (the account before the day)
#   GOVCLEAR_JAR         a prebuilt quarkus-app/quarkus-run.jar; otherwise a private copy of this checkout is built
#   JAVA_OPTS            extra JVM options for the engine
#   BENCH_DB [govclear_bench_funds] (dropped and recreated)  BENCH_PORT [18082]  BENCH_OUT [bench-out/funds-<time>]
#   PGHOST [127.0.0.1]  PGPORT [5432]  PGUSER [postgres]  PGPASSWORD [postgres]
# Exit status: 0 target met, 1 target missed, 2 the integrity check failed, 3 setup failed.
set -euo pipefail
[ -z "${GOVCLEAR_JAR:-}" ] || GOVCLEAR_JAR=$(readlink -f "$GOVCLEAR_JAR")
[ -z "${BENCH_OUT:-}" ] || BENCH_OUT=$(readlink -f "$BENCH_OUT")
cd "$(dirname "$0")/.."
ROOT=$PWD

ATTEMPTS=${BENCH_ATTEMPTS:-1000000}
UNITS=${BENCH_UNITS:-5000}
DB=${BENCH_DB:-govclear_bench_funds}
PORT=${BENCH_PORT:-18082}
OUT=${BENCH_OUT:-$ROOT/bench-out/funds-$(date +%Y%m%d-%H%M%S)}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
export PGCLIENTENCODING=UTF8
TARGET_SECONDS=10
ACCOUNT=1202020109900000001            # the demo profile's collection account (govclear.funds.collection-account)
BANK_SECRET=demo-payout-bank-secret    # the demo profile's payout bank key (govclear.settlement.bank-secret)

mkdir -p "$OUT"
. scripts/bench/lib.sh  # log, calc, need, fresh_db, rnd, ms, pf, engine_jar, start_engine_alone
die() { echo "bench-funds: $*" >&2; exit 3; }
sql() { psql -d "$DB" -XAtq -v ON_ERROR_STOP=1 -c "$1"; }
now_ms() { date +%s%3N; }

need psql postgresql-client
need pg_isready postgresql-client
need curl curl
need openssl openssl
need java openjdk-17-jre-headless
pg_isready -q -t 5 || die "no PostgreSQL answers at $PGHOST:$PGPORT (as $PGUSER); start it or set PGHOST/PGPORT"

engine_jar funds

fresh_db
ENGINE_PID=''
cleanup() { [ -z "$ENGINE_PID" ] || { kill "$ENGINE_PID" 2>/dev/null && wait "$ENGINE_PID" 2>/dev/null || true; }; }
trap cleanup EXIT
trap 'exit 130' INT TERM

start_engine_alone

# --- the data: units, items, paid bills, their attempts and postings on DAY, runs completed ----------------------
DAY=$(TZ=Asia/Shanghai date -d 'yesterday' +%F)
NEXT=$(TZ=Asia/Shanghai date -d "$DAY + 1 day" +%F)
log "data: $UNITS units x 2 items, $ATTEMPTS paid attempts on $DAY over 4 channels, with their postings (SQL)"
t0=$(now_ms)
psql -d "$DB" -XAq -v ON_ERROR_STOP=1 <<SQL >"$OUT/data.log" 2>&1 || { tail -n 20 "$OUT/data.log" >&2; die "data failed"; }
INSERT INTO collecting_unit (code, name, region_code, settlement_account, allowed_channels)
SELECT 'BU' || lpad(u::text, 6, '0'), 'bench unit ' || u, '330' || lpad((100 + u % 50)::text, 3, '0'),
       '1202' || lpad(u::text, 15, '0'), 'ALIPAY,WECHAT_PAY,UNIONPAY,BANK_ICBC'
FROM generate_series(1, $UNITS) u;
INSERT INTO charge_item (unit_id, code, name, category, amount_standard, late_fee_rule, destination,
                         income_classification, share_central_bp, share_province_bp, share_city_bp, share_unit_bp,
                         fee_deducted)
SELECT cu.id, 'IT' || k, 'bench item ' || k, 'ADMIN_FEE', 'FREE', 'NONE',
       CASE k WHEN 1 THEN 'TREASURY' ELSE 'FISCAL_SPECIAL_ACCOUNT' END, '1030401',
       CASE k WHEN 1 THEN 3333 ELSE 0 END, CASE k WHEN 1 THEN 3333 ELSE 3000 END, CASE k WHEN 1 THEN 3334 ELSE 0 END,
       CASE k WHEN 1 THEN 0 ELSE 7000 END, false
FROM collecting_unit cu CROSS JOIN generate_series(1, 2) k WHERE cu.code LIKE 'BU%';
CREATE TEMP TABLE items AS
SELECT row_number() OVER (ORDER BY ci.id) - 1 AS n, ci.id, ci.unit_id, cu.code AS unit_code FROM charge_item ci
JOIN collecting_unit cu ON cu.id = ci.unit_id WHERE cu.code LIKE 'BU%';
INSERT INTO payment_order (id, payment_code, unit_id, unit_order_no, request_hash, status, principal_fen, due_date,
                           payer_name_masked, payer_enc, created_at, updated_at)
SELECT 900000000 + i, '8' || lpad(i::text, 19, '0'), it.unit_id, 'B' || i, '\x00'::bytea, 'PAID',
       100 + (i::bigint * 7919) % 99901, DATE '$DAY', '张*', '\x00'::bytea, now(), now()
FROM generate_series(1, $ATTEMPTS) i JOIN items it ON it.n = i % ($UNITS * 2);
INSERT INTO order_line (order_id, line_no, item_id, amount_fen)
SELECT o.id, 1, it.id, o.principal_fen FROM payment_order o JOIN items it ON it.n = (o.id - 900000000) % ($UNITS * 2)
WHERE o.id > 900000000;
INSERT INTO payment_attempt (payment_id, order_id, channel, status, principal_fen, late_fee_fen, amount_fen,
                             routing_reason, expires_at, paid_at, created_at, updated_at)
SELECT 'BP' || lpad((o.id - 900000000)::text, 12, '0'), o.id,
       (ARRAY['ALIPAY', 'WECHAT_PAY', 'UNIONPAY', 'BANK_ICBC'])[1 + o.id % 4],
       'SUCCEEDED', o.principal_fen, 0, o.principal_fen, 'bench', now(),
       (DATE '$DAY')::timestamp AT TIME ZONE 'Asia/Shanghai' + ((o.id % 86400) || ' seconds')::interval, now(), now()
FROM payment_order o WHERE o.id > 900000000;
-- each payment booked as PaymentService books it: Dr channel_clearing:<CH> / Cr unit_payable:<unit> (balanced by
-- construction; the per-line balance trigger is off while the bulk goes in)
ALTER TABLE journal_line DISABLE TRIGGER journal_line_balanced;
INSERT INTO journal_entry (id, idempotency_key, entry_type, business_date, reference, description, posted_at)
SELECT o.id, 'payment:' || a.payment_id, 'PAYMENT', DATE '$DAY', o.payment_code,
       'bench payment', now()
FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id WHERE o.id > 900000000;
INSERT INTO journal_line (entry_id, line_no, account, debit_fen, credit_fen)
SELECT o.id, 1, 'channel_clearing:' || a.channel, a.amount_fen, 0
FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id WHERE o.id > 900000000
UNION ALL
SELECT o.id, 2, 'unit_payable:' || it.unit_code, 0, a.amount_fen
FROM payment_attempt a JOIN payment_order o ON o.id = a.order_id
JOIN items it ON it.n = (o.id - 900000000) % ($UNITS * 2) WHERE o.id > 900000000;
ALTER TABLE journal_line ENABLE TRIGGER journal_line_balanced;
-- each channel's statement as reconciled: what we recorded, its fees at the channel's rate
INSERT INTO reconciliation_run (channel, business_date, status, requested_by, created_at, finished_at, statement_lines,
                                statement_payment_count, statement_payment_fen, statement_refund_count,
                                statement_refund_fen, statement_fee_fen, platform_count, platform_fen, matched_count,
                                matched_fen, platform_refund_count, platform_refund_fen)
SELECT channel, DATE '$DAY', 'COMPLETED', 'bench', now(), now(), count(*), count(*), sum(amount_fen), 0, 0,
       sum((amount_fen * CASE channel WHEN 'UNIONPAY' THEN 50 WHEN 'BANK_ICBC' THEN 20 ELSE 60 END + 5000) / 10000),
       count(*), sum(amount_fen), count(*), sum(amount_fen), 0, 0
FROM payment_attempt WHERE payment_id LIKE 'BP%' GROUP BY channel;
ANALYZE;
SQL
log "data: loaded in $(( ($(now_ms) - t0) / 1000 )) s"

# --- settled and paid out (set-up, timed apart) -----------------------------------------------------------------
post() { # post USER PATH BODY: the answer's status; the body in $OUT/answer.json
  curl -s -o "$OUT/answer.json" -w '%{http_code}' -u "$1:demo-$1" -H 'Content-Type: application/json' -d "$3" \
    --max-time 900 "http://127.0.0.1:$PORT$2"
}
t0=$(now_ms)
[ "$(post clerk /api/v1/settlements "{\"businessDate\":\"$DAY\"}")" = 201 ] || die "build: $(head -c 300 "$OUT/answer.json")"
[ "$(post supervisor "/api/v1/settlements/$DAY/confirm" '{}')" = 200 ] || die "confirm: $(head -c 300 "$OUT/answer.json")"
body="{\"businessDate\":\"$DAY\",\"issueNo\":1,\"outcome\":\"PAID\",\"bankReference\":\"BENCH\",\"reason\":null}"
signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$BANK_SECRET" -binary | base64)
code=$(curl -s -o "$OUT/answer.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  -H "X-Payout-Signature: $signature" -d "$body" "http://127.0.0.1:$PORT/api/v1/settlements/$DAY/payout-confirmation")
[ "$code" = 200 ] || die "payout confirmation: $code $(head -c 300 "$OUT/answer.json")"
curl -s -f -u clerk:demo-clerk -o "$OUT/payout.txt" "http://127.0.0.1:$PORT/api/v1/settlements/$DAY/payout-file" \
  || die "no payout file"
SETTLE_MS=$(( $(now_ms) - t0 ))
log "settlement: built, confirmed and paid out in $(ms "$SETTLE_MS") s ($(grep -c '^H' "$OUT/payout.txt") vouchers)"

# --- the agent bank's statements (camt.053.001.08), from the runs and the payout file -----------------------------
# entries.tsv: bookingDate, CRDT|DBIT, amountFen, reference, bankReference, counterparty
sql "SELECT CASE channel WHEN 'BANK_ICBC' THEN DATE '$DAY' ELSE DATE '$NEXT' END, 'CRDT',
            statement_payment_fen - statement_refund_fen
              - CASE WHEN channel IN ('ALIPAY', 'WECHAT_PAY') THEN statement_fee_fen ELSE 0 END,
            'STL-' || channel || '-' || to_char(business_date, 'YYYYMMDD'), 'AB' || channel, channel
     FROM reconciliation_run WHERE business_date = '$DAY' ORDER BY channel" | tr '|' '\t' >"$OUT/entries.tsv"
awk -F'|' -v d="$NEXT" '$1 == "H" { printf "%s\tDBIT\t%s\t%s\tAD%s\t%s/%s\n", d, $8, $2, $2, $4, $5 }' \
  "$OUT/payout.txt" >>"$OUT/entries.tsv"
camt() { # camt DATE OPENING_FEN: the statement of DATE on stdout; its closing balance in $OUT/closing
  awk -F'\t' -v d="$1" -v open="$2" -v acct="$ACCOUNT" -v closing="$OUT/closing" '
    function yuan(f) { f = f < 0 ? -f : f; return sprintf("%d.%02d", int(f / 100), f % 100) }
    function ind(f) { return f < 0 ? "DBIT" : "CRDT" }
    $1 == d { n++; dir[n] = $2; amt[n] = $3; ref[n] = $4; bref[n] = $5; who[n] = $6
              bal += ($2 == "CRDT" ? $3 : -$3) }
    END {
      close_fen = open + bal
      print close_fen > closing
      printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">"
      printf "<BkToCstmrStmt><GrpHdr><MsgId>BENCH-%s</MsgId><CreDtTm>%sT23:59:59+08:00</CreDtTm></GrpHdr>", d, d
      printf "<Stmt><Id>S-%s</Id><Acct><Id><Othr><Id>%s</Id></Othr></Id><Ccy>CNY</Ccy></Acct>", d, acct
      printf "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"CNY\">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>", yuan(open), ind(open), d
      printf "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"CNY\">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>", yuan(close_fen), ind(close_fen), d
      for (i = 1; i <= n; i++) {
        party = dir[i] == "CRDT" ? "Dbtr" : "Cdtr"
        printf "<Ntry><Amt Ccy=\"CNY\">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>", yuan(amt[i]), dir[i]
        printf "<BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt><AcctSvcrRef>%s</AcctSvcrRef>", d, d, bref[i]
        printf "<NtryDtls><TxDtls><Refs><EndToEndId>%s</EndToEndId></Refs><RltdPties><%s><Pty><Nm>%s</Nm></Pty></%s>", ref[i], party, who[i], party
        printf "<%sAcct><Id><Othr><Id>1001000000000001</Id></Othr></Id></%sAcct></RltdPties>", party, party
        printf "<RmtInf><Ustrd>bench</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
      }
      print "</Stmt></BkToCstmrStmt></Document>"
    }' "$OUT/entries.tsv"
}
# the account's balance before the day: the finance department's float, from which it also pays the fees the net
# channels keep back (non-tax revenue is paid out in full)
camt "$DAY" "${BENCH_OPENING_FEN:-5000000000}" >"$OUT/statement-$DAY.xml"
camt "$NEXT" "$(cat "$OUT/closing")" >"$OUT/statement-$NEXT.xml"
ENTRIES=$(wc -l <"$OUT/entries.tsv")
log "statements: $ENTRIES entries ($(du -k "$OUT/statement-$NEXT.xml" | cut -f1) kB for $NEXT)"

# --- timed: the engine loads both statements, then reads the day's funds and its three-way check ---------------
load() { # load FILE
  curl -s -o "$OUT/answer.json" -w '%{http_code}' -u clerk:demo-clerk -F "file=@$1;type=application/xml" \
    --max-time 600 "http://127.0.0.1:$PORT/api/v1/funds/statements"
}
t0=$(now_ms)
[ "$(load "$OUT/statement-$DAY.xml")" = 201 ] || die "load $DAY: $(head -c 300 "$OUT/answer.json")"
[ "$(load "$OUT/statement-$NEXT.xml")" = 201 ] || die "load $NEXT: $(head -c 300 "$OUT/answer.json")"
LOAD_MS=$(( $(now_ms) - t0 ))
curl -s -f -u auditor:demo-auditor -o "$OUT/funds.json" "http://127.0.0.1:$PORT/api/v1/funds/$DAY" || die "no funds view"
curl -s -f -u auditor:demo-auditor -o "$OUT/integrity.json" "http://127.0.0.1:$PORT/api/v1/funds/$DAY/integrity" \
  || die "no integrity answer"
ENGINE_MS=$(( $(now_ms) - t0 ))

# --- the baseline: the same entries loaded into PostgreSQL alone -------------------------------------------------
sql "CREATE TABLE bench_bank_entry (booking_date date, direction text, amount_fen bigint, reference text,
     bank_reference text, counterparty text)"
t0=$(now_ms)
psql -d "$DB" -XAq -v ON_ERROR_STOP=1 -c "\\copy bench_bank_entry FROM '$OUT/entries.tsv'"
DB_MS=$(( $(now_ms) - t0 ))

OK=$(grep -o '"ok":[a-z]*' "$OUT/integrity.json" | head -n 1 | cut -d: -f2)
RATIO=$(calc "$ENGINE_MS / ($DB_MS > 0 ? $DB_MS : 1)" | xargs printf '%.1f')
log "engine: 2 statements ($ENTRIES entries) loaded in $(ms "$LOAD_MS") s; with the funds view and the three-way check" \
  "$(ms "$ENGINE_MS") s"
log "PostgreSQL alone: the same entries copied in $(ms "$DB_MS") s; ratio engine / database: $RATIO"
log "three-way check of $DAY: ok=$OK $(grep -o '"failed":\[[^]]*\]' "$OUT/integrity.json")"
log "target: funds reconciliation <= $TARGET_SECONDS s: $(pf "$ENGINE_MS <= $TARGET_SECONDS * 1000")"
[ "$OK" = true ] || exit 2
[ "$ENGINE_MS" -le $((TARGET_SECONDS * 1000)) ] || exit 1
