# Shell helpers shared by scripts/bench-orders.sh and scripts/bench-payments.sh (sourced, not run).
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

# engine_jar NAME: sets JAR to GOVCLEAR_JAR when given, else builds a private copy of this checkout in
# $TMPDIR/govclear-bench-NAME-build (never builds in the checkout itself); SRC is the source tree the jar came from
engine_jar() {
  if [ -n "${GOVCLEAR_JAR:-}" ]; then
    JAR=$GOVCLEAR_JAR
    SRC=$ROOT
    [ -f "$JAR" ] || die "GOVCLEAR_JAR=$GOVCLEAR_JAR does not exist"
    log "engine: $JAR (prebuilt; sources read from $SRC)"
    return
  fi
  local build=${TMPDIR:-/tmp}/govclear-bench-$1-build
  mkdir -p "$build/src"
  rsync -a --delete --exclude target --exclude bench-out --exclude .git --exclude .idea "$ROOT/" "$build/src/"
  log "engine: building a private copy in $build/src (log: $OUT/build.log)"
  (cd "$build/src" && ./mvnw -B -q clean package -DskipTests) >"$OUT/build.log" 2>&1 \
    || { tail -n 30 "$OUT/build.log" >&2; die "build failed"; }
  JAR=$build/src/target/quarkus-app/quarkus-run.jar
  SRC=$build/src
}
