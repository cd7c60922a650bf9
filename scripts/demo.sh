#!/usr/bin/env bash
# A short walk through the bill API against a running engine and its channel simulators (start both with
# scripts/run.sh). Every unit call is signed exactly as API.md says, with curl and openssl only; the payer, the
# teller and the banks act at the simulators, which talk to the engine over its public, signed interfaces.
set -euo pipefail
base="${GOVCLEAR_URL:-http://localhost:${QUARKUS_HTTP_PORT:-8080}}"
sim="${GOVCLEAR_SIMULATORS_URL:-http://localhost:${SIMULATORS_HTTP_PORT:-8081}}"

# call UNIT METHOD PATH [BODY]: the signed call, with the unit's demo secret (or SECRET=… for another unit's)
call() {
  local unit="$1" method="$2" path="$3" body="${4:-}" secret="${SECRET:-demo-secret-$1}"
  local ts nonce bodyhash sig
  ts=$(date +%s)
  nonce=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  bodyhash=$(printf '%s' "$body" | openssl dgst -sha256 -hex | sed 's/^.*= //')
  sig=$(printf '%s\n%s\n%s\n%s\n%s' "$method" "$path" "$ts" "$nonce" "$bodyhash" \
        | openssl dgst -sha256 -hmac "$secret" -binary | base64)
  local args=(-sS -X "$method" "$base$path" -H "X-GovClear-Unit: $unit" -H "X-GovClear-Timestamp: $ts"
              -H "X-GovClear-Nonce: $nonce" -H "X-GovClear-Signature: $sig" -w '\n  → HTTP %{http_code}\n')
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  curl "${args[@]}"
}
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" | head -n 1; }
step() { printf '\n== %s\n' "$*"; }

due=$(date -d '+15 days' +%F)
no="JJ-$(date +%Y)-$RANDOM$RANDOM"
fine="{\"unitOrderNo\":\"$no\",\"lines\":[{\"itemCode\":\"FINE-TRAFFIC\",\"amountFen\":20000}],\"payer\":{\"name\":\"张三\",\"idNumber\":\"330106199001011234\",\"phone\":\"13800138000\"},\"dueDate\":\"$due\",\"description\":\"Penalty decision 330106-2026-0042\"}"

step "HZ-TRAFFIC issues a 200.00 yuan traffic fine (201; payer masked)"
out=$(call HZ-TRAFFIC POST /api/v1/orders "$fine"); echo "$out"
code=$(echo "$out" | field paymentCode)

step "The same request again: idempotent, 200 with the same bill"
call HZ-TRAFFIC POST /api/v1/orders "$fine"

step "Same unitOrderNo, different amount: 409 IDEMPOTENCY_CONFLICT"
call HZ-TRAFFIC POST /api/v1/orders "${fine/20000/30000}"

step "The payer looks the bill up by payment code $code (public, no signature)"
curl -sS "$base/api/v1/bills/$code" -w '\n  → HTTP %{http_code}\n'

step "A mistyped code (bad Luhn digit) is refused without touching the database: 400"
bad="${code:0:19}$(( (${code:19:1} + 1) % 10 ))"
curl -sS "$base/api/v1/bills/$bad" -w '\n  → HTTP %{http_code}\n'

step "Another unit asking for this bill gets 404"
call ZJU GET "/api/v1/orders/$code"

step "ZJ-EXAM issues a batch: two good bills and one for an item it does not own"
until=$(date -d '+20 days' +%F)
exam() { echo "{\"unitOrderNo\":\"EX-$RANDOM$RANDOM\",\"lines\":[{\"itemCode\":\"$1\"}],\"payer\":{\"name\":\"李四\",\"phone\":\"13900139000\"},\"dueDate\":\"$due\",\"payableUntil\":\"$until\"}"; }
call ZJ-EXAM POST /api/v1/orders/batch "{\"orders\":[$(exam EXAM-CIVIL),$(exam EXAM-ACCOUNTING),$(exam FINE-TRAFFIC)]}"

step "ZJ-EXAM lists its unpaid bills"
call ZJ-EXAM GET "/api/v1/orders?status=UNPAID&size=5"

step "HZ-TRAFFIC cancels the fine (appeal upheld)"
call HZ-TRAFFIC POST "/api/v1/orders/$code/cancel" '{"reason":"appeal upheld"}'

# --- paying -----------------------------------------------------------------------------------------------------
post() { curl -sS -X POST "$base$1" -H 'Content-Type: application/json' --data-binary "${2:-{\}}" -w '\n  → HTTP %{http_code}\n'; }
# a control call at the simulators (the payer, the teller, the payout bank)
simpost() { curl -sS -X POST "$sim$1" -H 'Content-Type: application/json' --data-binary "${2:-{\}}" -w '\n  → HTTP %{http_code}\n'; }
open_unionpay() { # the payer's browser: the payUrl page posts the signed consume form to UnionPay's front URL
  local page action
  local -a fields=()
  step "The browser opens $1, which posts the signed UnionPay consume form to the gateway (the simulator)"
  page=$(curl -sS "$1")
  action=$(printf '%s' "$page" | sed -n 's/.*<form[^>]*action="\([^"]*\)".*/\1/p')
  while IFS=$'\t' read -r name value; do
    fields+=(--data-urlencode "$name=$value")
  done < <(printf '%s\n' "$page" | sed -n 's/.*<input type="hidden" name="\([^"]*\)" value="\([^"]*\)">.*/\1\t\2/p')
  curl -sS -o /dev/null "${fields[@]}" "$action" -w '  → UnionPay payer page: HTTP %{http_code}\n'
}
pay_bill() { # pay_bill CHANNEL SLUG NOTIFY
  local no2 code2 out2 pid
  no2="JJ-$(date +%Y)-$RANDOM$RANDOM"
  out2=$(call HZ-TRAFFIC POST /api/v1/orders "${fine/$no/$no2}")
  code2=$(echo "$out2" | field paymentCode)
  step "Bill $code2: the payer opens $base/pay/$code2 and chooses $1"
  out2=$(post "/api/v1/bills/$code2/payments" "{\"channel\":\"$1\"}"); echo "$out2"
  pid=$(echo "$out2" | field paymentId)
  if [ "$1" = UNIONPAY ]; then open_unionpay "$(echo "$out2" | field payUrl)"; fi
  step "The payer pays at the simulated $1 ($sim/sim/$2/pay/$pid); its notify: $3"
  simpost "/sim/$2/orders/$pid/pay" "{\"outcome\":\"SUCCESS\",\"notify\":\"$3\"}"
  printf '  waiting for the engine to learn of it '
  for _ in $(seq 1 40); do
    status=$(curl -sS "$base/api/v1/payments/$pid" | field status)
    [ "$status" = SUCCEEDED ] && break
    printf '.'; sleep 1
  done
  echo " $status"
  curl -sS "$base/api/v1/bills/$code2" | sed 's/.*"status":"\([A-Z_]*\)".*/  bill status: \1/'
  paid_code=$code2
}
pay_bill ALIPAY alipay NORMAL
first_paid=$paid_code
pay_bill WECHAT_PAY wechat-pay DUPLICATE
pay_bill ALIPAY alipay DROP
pay_bill UNIONPAY unionpay NORMAL

no3="JJ-$(date +%Y)-$RANDOM$RANDOM"
code3=$(call HZ-TRAFFIC POST /api/v1/orders "${fine/$no/$no3}" | field paymentCode)
step "Bill $code3 is paid in cash at an ICBC counter: the simulated teller queries the engine and confirms the cash" \
  "over the signed bank API (SM3withSM2 both ways)"
simpost /sim/bank/icbc/counter-payments "{\"paymentCode\":\"$code3\"}"
curl -sS "$base/api/v1/bills/$code3" | sed 's/.*"status":"\([A-Z_]*\)".*/  bill status: \1/'

step "HZ-TRAFFIC refunds 50.00 yuan of bill $first_paid through Alipay (partial refund): PARTIALLY_REFUNDED"
call HZ-TRAFFIC POST "/api/v1/orders/$first_paid/refunds" \
  "{\"refundRequestNo\":\"RF-$RANDOM$RANDOM\",\"amountFen\":5000,\"reason\":\"fine reduced on review\"}"

step "The payer's electronic receipt of bill $first_paid (hash-chained, SM3), verified by number and check code"
receipt=''
for _ in $(seq 1 20); do
  receipt=$(call HZ-TRAFFIC GET "/api/v1/orders/$first_paid" | grep -o '"receipt":{[^}]*}' || true)
  [ -n "$receipt" ] && break
  sleep 1
done
receipt_no=$(echo "$receipt" | field receiptNo) check_code=$(echo "$receipt" | field checkCode)
curl -sS "$base/api/v1/receipts/$receipt_no?checkCode=$check_code" -w '\n  → HTTP %{http_code}\n'
echo "  PDF: $base/api/v1/receipts/$receipt_no.pdf?checkCode=$check_code"

step "HZ-TRAFFIC's webhook endpoint (the demo receiver) got signed events: paid, refunded, cancelled…"
sleep 6
curl -sS "$sim/sim/webhook-receiver/HZ-TRAFFIC" | grep -o '"type":"[a-z_.]*"' | sort | uniq -c || true

# --- reconciliation ----------------------------------------------------------------------------------------------
today=$(TZ=Asia/Shanghai date +%F)
step "The simulated Alipay's statement lists a 5.00 yuan payment we never took (statement fault ADD_CHANNEL_ONLY)"
simpost /sim/alipay/statement-faults "{\"businessDate\":\"$today\",\"kind\":\"ADD_CHANNEL_ONLY\",\"amountFen\":500}"
for ch in ALIPAY WECHAT_PAY UNIONPAY BANK_ICBC; do
  step "Finance (clerk) reconciles $ch for $today (the demo allows the current day): 201, or 200 when it exists"
  run=$(curl -sS -u clerk:demo-clerk -X POST "$base/api/v1/reconciliations" -H 'Content-Type: application/json' \
        --data-binary "{\"channel\":\"$ch\",\"businessDate\":\"$today\"}")
  rid=$(echo "$run" | grep -o '"id":[0-9]*' | head -n 1 | cut -d: -f2)
  for _ in $(seq 1 30); do
    run=$(curl -sS -u clerk:demo-clerk "$base/api/v1/reconciliations/$rid")
    case "$(echo "$run" | field status)" in COMPLETED|FAILED) break ;; esac
    sleep 1
  done
  echo "$run"
  echo "  report: $base/console/reconciliations/$rid (console) and $base/api/v1/reconciliations/$rid/report.csv (HTTP Basic)"
done

# --- funds: the collection account at the agent bank ---------------------------------------------------------
staffjson() { # staffjson USER PATH BODY: a finance call with a JSON body
  curl -sS -u "$1:demo-$1" -X POST "$base$2" -H 'Content-Type: application/json' --data-binary "$3" \
    -w '\n  → HTTP %{http_code}\n'
}
tomorrow=$(TZ=Asia/Shanghai date -d tomorrow +%F)
no4="JJ-$(date +%Y)-$RANDOM$RANDOM"
code4=$(call HZ-TRAFFIC POST /api/v1/orders "${fine/$no/$no4}" | field paymentCode)
step "A payer transfers 200.00 yuan for fine $code4 straight to the collection account: the agent bank books a" \
  "credit with no reference we know (未明款项)"
credit=$(simpost /sim/agent-bank/credits "{\"date\":\"$today\",\"amountFen\":20000,\"payerName\":\"李四\",\"payerAccount\":\"6222020200112233445\",\"remittance\":\"交通罚款 $code4\"}")
echo "$credit"
ref=$(echo "$credit" | field bankReference)
step "Finance fetches today's statement of the collection account from the agent bank (camt.053): the ICBC" \
  "counter's same-day settlement, and the transfer"
staffjson clerk /api/v1/funds/statements "{\"bookingDate\":\"$today\"}"
step "Today's funds: ICBC MATCHED, the T+1 channels IN_TRANSIT, the transfer unexplained (payer masked)"
curl -sS -u auditor:demo-auditor "$base/api/v1/funds/$today" -w '\n  → HTTP %{http_code}\n'
step "The clerk claims the transfer to bill $code4 (with a reason); the supervisor (another person) approves:" \
  "the bill is paid through TRANSFER and the money leaves suspense"
decision=$(staffjson clerk "/api/v1/funds/unknown-credits/$ref/claim" \
  "{\"paymentCode\":\"$code4\",\"reason\":\"付款人来电并提供转账凭证\"}")
echo "$decision"
did=$(echo "$decision" | grep -o '"id":[0-9]*' | head -n 1 | cut -d: -f2)
staffjson clerk "/api/v1/funds/decisions/$did/approve" '{"reason":"自己批准"}'
staffjson supervisor "/api/v1/funds/decisions/$did/approve" '{"reason":"核对转账凭证无误"}'
curl -sS "$base/api/v1/bills/$code4" | sed 's/.*"status":"\([A-Z_]*\)".*/  bill status: \1/'

# --- settlement ------------------------------------------------------------------------------------------------
step "The clerk settles $today: what reconciliation confirmed on every channel, per unit and item"
curl -sS -u clerk:demo-clerk -X POST "$base/api/v1/settlements" -H 'Content-Type: application/json' \
  --data-binary "{\"businessDate\":\"$today\"}" -w '\n  → HTTP %{http_code}\n'
step "The clerk cannot confirm; the supervisor (another person) confirms: posted to the ledger"
curl -sS -u clerk:demo-clerk -X POST "$base/api/v1/settlements/$today/confirm" -H 'Content-Type: application/json' -o /dev/null -w '  → HTTP %{http_code}\n'
curl -sS -u supervisor:demo-supervisor -X POST "$base/api/v1/settlements/$today/confirm" -H 'Content-Type: application/json' -o /dev/null \
  -w '  → HTTP %{http_code}\n'
step "The payout file (treasury-voucher format); the simulated payout bank pays it (the agent bank debits each" \
  "voucher from the collection account) and relays the treasury's receipts (缴库回执)"
payout=$(curl -sS -u auditor:demo-auditor "$base/api/v1/settlements/$today/payout-file")
echo "$payout"
issue=$(curl -sS -u auditor:demo-auditor "$base/api/v1/settlements/$today" | sed -n 's/.*"issueNo":\([0-9]*\).*/\1/p')
file=$(printf '%s' "$payout" | sed 's/\\/\\\\/g; s/"/\\"/g' | awk '{ printf "%s\\n", $0 }')
simpost "/sim/payout-bank/payouts/$today" "{\"outcome\":\"PAID\",\"issueNo\":$issue,\"file\":\"$file\"}"
step "The settlement's integrity check: net = collected − held − refunds − fees = ledger movement; trial balance zero"
curl -sS -u auditor:demo-auditor "$base/api/v1/settlements/$today/integrity" -w '\n  → HTTP %{http_code}\n'

step "The treasury's receipts of today's vouchers"
curl -sS -u auditor:demo-auditor "$base/api/v1/funds/treasury-receipts?businessDate=$today" -w '\n  → HTTP %{http_code}\n'
step "Tomorrow's statement (the demo fetches it at once): Alipay and WeChat Pay net of their fees, UnionPay gross," \
  "and the vouchers' debits"
staffjson clerk /api/v1/funds/statements "{\"bookingDate\":\"$tomorrow\"}"
step "Today three ways: every channel MATCHED, every voucher DEBITED"
curl -sS -u auditor:demo-auditor "$base/api/v1/funds/$today" -w '\n  → HTTP %{http_code}\n'
step "The three-way check: transactions = channel statements = bank credits, settlement = vouchers = bank debits," \
  "every clearing account of the day at zero, the ledger's collection account = the bank's balance"
curl -sS -u auditor:demo-auditor "$base/api/v1/funds/$today/integrity" -w '\n  → HTTP %{http_code}\n'

step "Day close (日结): the clerk cannot (403); the supervisor signs the day off with a reason, its figures frozen"
staffjson clerk "/api/v1/days/$today/close" '{"reason":"日结"}'
staffjson supervisor "/api/v1/days/$today/close" '{"reason":"三方核对一致，日结"}'
step "The day's revenue report (收入日报) by unit, item and channel, from the frozen day; also CSV and XLSX"
curl -sS -u auditor:demo-auditor "$base/api/v1/reports/revenue?from=$today&groupBy=unit,item,channel" \
  -w '\n  → HTTP %{http_code}\n'
echo "  console: $base/console/reports?from=$today&to=$today · $base/console/days?date=$today"

step "The ledger (finance staff, HTTP Basic): every payment posted once, debits = credits"
curl -sS -u auditor:demo-auditor "$base/api/v1/ledger/trial-balance" -w '\n  → HTTP %{http_code}\n'

# --- catalog administration (four eyes) -----------------------------------------------------------------------
unit="DEMO-$RANDOM$RANDOM"
staffpost() { curl -sS -u "$1" -X POST "$base$2" -H "Content-Type: application/json" --data-binary "$3" "${@:4}"; }
step "A clerk proposes a new collecting unit $unit (202: nothing exists until a supervisor approves)"
proposal=$(staffpost clerk:demo-clerk /api/v1/admin/units "{\"code\":\"$unit\",\"name\":\"演示考试中心\",\"regionCode\":\"330100\",\"allowedChannels\":[\"ALIPAY\",\"WECHAT_PAY\"],\"settlementAccount\":\"1202020109900055555\",\"reason\":\"新单位上线\"}")
echo "$proposal"
pid=$(echo "$proposal" | grep -o '"id":[0-9]*' | head -n 1 | cut -d: -f2)
step "The clerk cannot approve (403); the supervisor (another person) approves: in force on every instance at once"
staffpost clerk:demo-clerk "/api/v1/admin/catalog/proposals/$pid/approve" '{"reason":"x"}' -o /dev/null -w '  → HTTP %{http_code}\n'
staffpost supervisor:demo-supervisor "/api/v1/admin/catalog/proposals/$pid/approve" '{"reason":"资料齐全"}' -w '\n  → HTTP %{http_code}\n'
step "Its charge item from today (proposed by the clerk, approved by the supervisor)"
item=$(staffpost clerk:demo-clerk /api/v1/admin/items "{\"unitCode\":\"$unit\",\"code\":\"EXAM-FEE\",\"name\":\"考务费\",\"category\":\"EXAM_FEE\",\"incomeClassification\":\"1030402\",\"amountStandard\":\"FIXED\",\"fixedAmountFen\":8000,\"lateFeeRule\":\"NONE\",\"destination\":\"TREASURY\",\"shareProvinceBp\":10000,\"effectiveFrom\":\"$(TZ=Asia/Shanghai date +%F)\",\"reason\":\"物价核定\"}")
iid=$(echo "$item" | grep -o '"id":[0-9]*' | head -n 1 | cut -d: -f2)
staffpost supervisor:demo-supervisor "/api/v1/admin/catalog/proposals/$iid/approve" '{"reason":"同意"}' -o /dev/null -w '  → HTTP %{http_code}\n'
step "The admin issues the unit's API secret: shown in this answer only"
key=$(staffpost admin:demo-admin "/api/v1/admin/units/$unit/credentials" '{"reason":"单位接入"}')
echo "$key"
secret=$(echo "$key" | field secret)
step "$unit signs its first bill with its own secret (201)"
SECRET=$secret call "$unit" POST /api/v1/orders "{\"unitOrderNo\":\"D-$RANDOM\",\"lines\":[{\"itemCode\":\"EXAM-FEE\"}],\"payer\":{\"name\":\"王五\",\"phone\":\"13700137000\"},\"dueDate\":\"$due\"}"

step "A bulk import: a CSV of three units, one with a 5-digit region code. Whole file: 422, the bad cell located"
csv=$(mktemp --suffix=.csv)
printf 'code,name,regionCode,allowedChannels,settlementAccount\r\n%s-A,演示导入单位甲,330102,ALIPAY,1202020109900066661\r\n%s-B,演示导入单位乙,33010,ALIPAY,1202020109900066662\r\n%s-C,演示导入单位丙,330106,UNIONPAY|ALIPAY,1202020109900066663\r\n' "$unit" "$unit" "$unit" > "$csv"
curl -sS -u clerk:demo-clerk "$base/api/v1/admin/catalog/imports" -F "file=@$csv;filename=units.csv" -F reason=年度目录 -w '\n  → HTTP %{http_code}\n'
step "The valid rows only: one proposal (two units; the skipped row listed), approved by the supervisor"
imp=$(curl -sS -u clerk:demo-clerk "$base/api/v1/admin/catalog/imports" -F "file=@$csv;filename=units.csv" -F reason=年度目录 -F mode=VALID_ROWS)
echo "$imp"
rm -f "$csv"
mid=$(echo "$imp" | grep -o '"id":[0-9]*' | head -n 1 | cut -d: -f2)
staffpost supervisor:demo-supervisor "/api/v1/admin/catalog/proposals/$mid/approve" '{"reason":"已核对"}' -o /dev/null -w '  → HTTP %{http_code}\n'
curl -sS -u auditor:demo-auditor "$base/api/v1/admin/units/$unit-C" -w '\n  → HTTP %{http_code}\n'

step "Metrics"
curl -sS "$base/q/metrics" | grep -E '^govclear_(bills_issued|rejections|reconciliation_runs)_total' || true
