#!/usr/bin/env bash
# Starts the channel simulators (simulators/, their own application, on :${SIMULATORS_HTTP_PORT:-8081}) and then
# the engine with the demo catalog pointed at them (on :${QUARKUS_HTTP_PORT:-8080}). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-postgres.sh govclear

build_if_stale() { # $1 = project folder, $2 = what to say
  local jar="$1/target/quarkus-app/quarkus-run.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$1/src" "$1/pom.xml" -newer "$jar" -print -quit)" ]; then
    echo "run: building $2 ..."
    ./mvnw -B -q -f "$1/pom.xml" package -DskipTests
  fi
}
build_if_stale simulators "the channel simulators"
build_if_stale . "the engine"

# Demo keys for personal data and payment codes: generated once per checkout, kept in .demo-keys.env (not in git),
# so data written by one run stays readable by the next.
if [ ! -f .demo-keys.env ]; then
  rnd() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }
  {
    echo "GOVCLEAR_PII_KEY=$(rnd 16)"
    echo "GOVCLEAR_PII_HASH_KEY=$(rnd 32)"
    echo "GOVCLEAR_SECURITY_PAYMENT_CODE_KEY=$(rnd 32)"
  } > .demo-keys.env
  chmod 600 .demo-keys.env
fi
set -a
# shellcheck disable=SC1091
. ./.demo-keys.env
set +a

port="${QUARKUS_HTTP_PORT:-8080}"
sim_port="${SIMULATORS_HTTP_PORT:-8081}"
engine_url="${GOVCLEAR_PUBLIC_BASE_URL:-http://localhost:$port}"
sim_url="http://localhost:$sim_port"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

for url in "$sim_url" "http://localhost:$port"; do
  ! curl -s -o /dev/null "$url" || { echo "run: something already answers on $url; stop it first"; exit 1; }
done

# The simulators keep their trades, refunds and owed notifies in simulators/data/ (survives a restart)
mkdir -p simulators/data
QUARKUS_HTTP_PORT="$sim_port" GOVCLEAR_SIMULATOR_ENGINE_URL="$engine_url" \
  GOVCLEAR_SIMULATOR_DATA_FILE="$PWD/simulators/data/simulators.mv" GOVCLEAR_SIMULATOR_AGENT_BANK_SERVES_AHEAD_DAYS=1 \
  java -jar simulators/target/quarkus-app/quarkus-run.jar > simulators/data/simulators.log 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  kill -0 "${pids[0]}" 2>/dev/null || { echo "run: the simulators stopped; see simulators/data/simulators.log"; exit 1; }
  curl -sf "$sim_url/q/health/ready" > /dev/null && break
  sleep 0.5
done

cat <<MSG
Channel simulators on $sim_url   (log: simulators/data/simulators.log)
  Swagger UI  $sim_url/q/swagger-ui
GovClear demo on $engine_url
  Swagger UI  $engine_url/q/swagger-ui
  health      $engine_url/q/health
  metrics     $engine_url/q/metrics
Demo collecting units (sign requests with these secrets; see README):
  HZ-TRAFFIC      demo-secret-HZ-TRAFFIC      杭州市公安局交通警察支队  FINE-TRAFFIC
  ZJU             demo-secret-ZJU             浙江大学                  TUITION-UG, ACCOM-UG
  ZJ-EXAM         demo-secret-ZJ-EXAM         浙江省人事考试院          EXAM-CIVIL, EXAM-ACCOUNTING
  HZ-SOCSEC       demo-secret-HZ-SOCSEC       杭州市社会保险管理服务中心 SOCSEC-FLEX
  HZ-REALESTATE   demo-secret-HZ-REALESTATE   杭州市不动产登记中心      REALESTATE-REG
Try: scripts/demo.sh   (issues a signed bill and pays it through the simulators)
Ctrl-C stops both.
MSG
QUARKUS_PROFILE=demo QUARKUS_HTTP_PORT="$port" GOVCLEAR_PUBLIC_BASE_URL="$engine_url" GOVCLEAR_DEMO_SEED=true \
  GOVCLEAR_SIMULATORS_URL="$sim_url" java -jar target/quarkus-app/quarkus-run.jar &
pids+=($!)
wait "${pids[1]}"
