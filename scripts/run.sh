#!/usr/bin/env bash
# Starts the engine with the demo catalog and the channel simulators, on http://localhost:${QUARKUS_HTTP_PORT:-8080}.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-postgres.sh govclear

jar=target/quarkus-app/quarkus-run.jar
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  echo "run: building the engine ..."
  ./mvnw -B -q package -DskipTests
fi

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

export GOVCLEAR_DEMO_SEED=true
export GOVCLEAR_SIMULATOR_ENABLED=true
port="${QUARKUS_HTTP_PORT:-8080}"
export QUARKUS_HTTP_PORT="$port"
export GOVCLEAR_PUBLIC_BASE_URL="${GOVCLEAR_PUBLIC_BASE_URL:-http://localhost:$port}"

cat <<MSG
GovClear demo on $GOVCLEAR_PUBLIC_BASE_URL
  Swagger UI  $GOVCLEAR_PUBLIC_BASE_URL/q/swagger-ui
  health      $GOVCLEAR_PUBLIC_BASE_URL/q/health
  metrics     $GOVCLEAR_PUBLIC_BASE_URL/q/metrics
Demo collecting units (sign requests with these secrets; see README):
  HZ-TRAFFIC      demo-secret-HZ-TRAFFIC      杭州市公安局交通警察支队  FINE-TRAFFIC
  ZJU             demo-secret-ZJU             浙江大学                  TUITION-UG, ACCOM-UG
  ZJ-EXAM         demo-secret-ZJ-EXAM         浙江省人事考试院          EXAM-CIVIL, EXAM-ACCOUNTING
  HZ-SOCSEC       demo-secret-HZ-SOCSEC       杭州市社会保险管理服务中心 SOCSEC-FLEX
  HZ-REALESTATE   demo-secret-HZ-REALESTATE   杭州市不动产登记中心      REALESTATE-REG
Try: scripts/demo.sh   (issues a signed bill and shows it)
MSG
exec java -jar "$jar"
