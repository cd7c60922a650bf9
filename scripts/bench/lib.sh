# Shell helpers shared by scripts/bench-*.sh (sourced, not run).
# They use the caller's OUT (output folder), DB (benchmark database), sql() and die().
log() { echo "[$(date +%T)] $*" | tee -a "$OUT/bench.log"; }
val() { grep "^$1=" "$2" | head -n 1 | cut -d= -f2-; }   # val KEY FILE: from a key=value file
calc() { awk "BEGIN { printf \"%s\", $1 }"; }            # calc 'EXPR': floating-point arithmetic
wal_snap() { sql "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn, wal_fpi, wal_sync FROM pg_stat_wal" | tr '|' ' '; }
need() { # need COMMAND DEBIAN_PACKAGE
  command -v "$1" >/dev/null 2>&1 && return
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing $2 (for $1)"
    { [ -n "${APT_UPDATED:-}" ] || apt-get update -qq; } && APT_UPDATED=1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
  command -v "$1" >/dev/null 2>&1 || die "$1 is missing; install it, e.g. on Debian/Ubuntu: sudo apt-get install -y $2"
}
cpu_other() { # cpu_other SECONDS: % of one core used by other programs over SECONDS
  python3 scripts/bench/cpu-sample.py snap "$OUT/quiet.cpu0"
  sleep "$1"
  python3 scripts/bench/cpu-sample.py snap "$OUT/quiet.cpu1"
  python3 scripts/bench/cpu-sample.py diff "$OUT/quiet.cpu0" "$OUT/quiet.cpu1" >/dev/null
  cut -d' ' -f1 "$OUT/quiet.cpu1.rest"
}
fresh_db() {
  PGOPTIONS="-c client_min_messages=warning" psql -d postgres -XAtq \
    -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
}
rnd() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }
ms() { calc "$1 / 1000" | xargs printf '%.2f'; }
pf() { if [ "$(calc "($1) ? 1 : 0")" = 1 ]; then echo PASS; else echo FAIL; fi; }

# private_copy NAME: sets BUILD to $TMPDIR/govclear-bench-NAME-build and copies this checkout to BUILD/src (once per
# run, so that the engine and the simulators are built from the same sources; never builds in the checkout itself)
private_copy() {
  BUILD=${TMPDIR:-/tmp}/govclear-bench-$1-build
  [ "${PRIVATE_COPY_DONE:-}" = "$BUILD" ] && return
  need rsync rsync
  mkdir -p "$BUILD/src"
  rsync -a --delete --exclude target --exclude bench-out --exclude .git --exclude .idea --exclude /simulators/data \
    "$ROOT/" "$BUILD/src/"
  PRIVATE_COPY_DONE=$BUILD
}

# engine_jar NAME: sets JAR to GOVCLEAR_JAR when given, else builds the engine in the private copy (private_copy);
# SRC is the source tree the jar came from
engine_jar() {
  if [ -n "${GOVCLEAR_JAR:-}" ]; then
    JAR=$GOVCLEAR_JAR
    SRC=$ROOT
    [ -f "$JAR" ] || die "GOVCLEAR_JAR=$GOVCLEAR_JAR does not exist"
    log "engine: $JAR (prebuilt; sources read from $SRC)"
    return
  fi
  private_copy "$1"
  log "engine: building a private copy in $BUILD/src (log: $OUT/build.log)"
  (cd "$BUILD/src" && ./mvnw -B -q clean package -DskipTests) >"$OUT/build.log" 2>&1 \
    || { tail -n 30 "$OUT/build.log" >&2; die "build failed"; }
  JAR=$BUILD/src/target/quarkus-app/quarkus-run.jar
  SRC=$BUILD/src
}

# simulators_jar NAME: sets SIM_JAR to GOVCLEAR_SIMULATORS_JAR when given, else builds the channel simulators
# (simulators/, their own Maven project) in the same private copy as engine_jar NAME
simulators_jar() {
  if [ -n "${GOVCLEAR_SIMULATORS_JAR:-}" ]; then
    SIM_JAR=$GOVCLEAR_SIMULATORS_JAR
    [ -f "$SIM_JAR" ] || die "GOVCLEAR_SIMULATORS_JAR=$GOVCLEAR_SIMULATORS_JAR does not exist"
    log "simulators: $SIM_JAR (prebuilt)"
    return
  fi
  private_copy "$1"
  log "simulators: building them in the private copy $BUILD/src (log: $OUT/build-simulators.log)"
  (cd "$BUILD/src" && ./mvnw -B -q -f simulators/pom.xml clean package -DskipTests) >"$OUT/build-simulators.log" 2>&1 \
    || { tail -n 30 "$OUT/build-simulators.log" >&2; die "the simulators' build failed"; }
  SIM_JAR=$BUILD/src/simulators/target/quarkus-app/quarkus-run.jar
}

# start_simulators LOG PORT [ENGINE_PORT]: starts the channel simulators (SIM_JAR) in the background on PORT, and
# waits until they are ready; sets SIM_PID (the caller's cleanup kills it). They call the engine (the banks' tellers,
# the payout bank) at http://127.0.0.1:ENGINE_PORT (default: the caller's PORT), keep their state in a fresh file in
# $OUT, and retry notifies on the channels' real schedule times BENCH_SIM_TIME_SCALE (default 1). JVM options:
# SIMULATORS_JAVA_OPTS. More of their settings can be given in the environment of the call, e.g.
# GOVCLEAR_SIMULATOR_WECHAT_PAY_BILL_DIRECTORY=DIR start_simulators ...
start_simulators() {
  local log=$1 port=$2 engine_port=${3:-$PORT} data
  # something already listening there (simulators left over from another run?) would answer the health check
  ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null \
    || die "port $port (for the simulators) is in use by another process; stop it or set BENCH_SIM_PORT"
  data=$OUT/simulators-$(date +%H%M%S)-$$.mv
  rm -f "$data"
  log "simulators: starting on port $port, engine at http://127.0.0.1:$engine_port, time scale" \
    "${BENCH_SIM_TIME_SCALE:-1}, data $data (log: $log)"
  QUARKUS_HTTP_PORT=$port GOVCLEAR_SIMULATOR_ENGINE_URL=http://127.0.0.1:$engine_port \
  GOVCLEAR_SIMULATOR_DATA_FILE=$data GOVCLEAR_SIMULATOR_TIME_SCALE=${BENCH_SIM_TIME_SCALE:-1} \
    java ${SIMULATORS_JAVA_OPTS:-} -jar "$SIM_JAR" >"$log" 2>&1 &
  SIM_PID=$!
  for _ in $(seq 1 120); do
    [ "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready")" = 200 ] \
      && return 0
    if ! kill -0 "$SIM_PID" 2>/dev/null; then
      wait "$SIM_PID" 2>/dev/null || true
      SIM_PID=''
      tail -n 30 "$log" >&2
      die "the simulators stopped while starting on port $port (log: $log)"
    fi
    sleep 1
  done
  die "the simulators are not ready on port $port after 120 s (log: $log)"
}

# start_engine_alone: starts the engine (JAR) on PORT against DB with the prod and demo profiles (the demo's staff and
# throw-away channel keys; no simulators run, so nothing may call a channel) and no daily jobs, and waits until it is
# ready; sets ENGINE_PID (the caller's cleanup kills it). Its log: $OUT/engine.log.
start_engine_alone() {
  log "engine: starting on port $PORT with the prod and demo profiles (log: $OUT/engine.log); it migrates and seeds" \
    "the demo staff"
  QUARKUS_PROFILE=prod,demo QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://$PGHOST:$PGPORT/$DB \
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$PGHOST:$PGPORT/$DB \
  QUARKUS_DATASOURCE_USERNAME=$PGUSER QUARKUS_DATASOURCE_PASSWORD=$PGPASSWORD \
  GOVCLEAR_DEMO_SEED=true GOVCLEAR_PII_KEY=$(rnd 16) GOVCLEAR_PII_HASH_KEY=$(rnd 32) \
  GOVCLEAR_SECURITY_PAYMENT_CODE_KEY=$(rnd 32) QUARKUS_HTTP_ACCESS_LOG_ENABLED=false \
  GOVCLEAR_SETTLEMENT_DAILY=false GOVCLEAR_RECONCILIATION_DAILY=false \
    java ${JAVA_OPTS:-} -jar "$JAR" >"$OUT/engine.log" 2>&1 &
  ENGINE_PID=$!
  local ready=''
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready")" = 200 ] && { ready=1; break; }
    kill -0 "$ENGINE_PID" 2>/dev/null || { tail -n 30 "$OUT/engine.log" >&2; die "the engine stopped while starting"; }
    sleep 1
  done
  [ -n "$ready" ] || die "the engine is not ready after 120 s (log: $OUT/engine.log)"
}
