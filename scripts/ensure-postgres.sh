#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers and the given databases exist.
# Uses the server at the configured host/port when one answers; otherwise, as root with apt, installs and starts
# Debian's PostgreSQL; otherwise says exactly what to install.
# Host, port, user and password come from the standard Quarkus settings (QUARKUS_DATASOURCE_JDBC_URL,
# QUARKUS_DATASOURCE_USERNAME, QUARKUS_DATASOURCE_PASSWORD) with the defaults of application.properties.
# Usage: scripts/ensure-postgres.sh [database ...]   (default: govclear govclear_test)
set -euo pipefail

url="${QUARKUS_DATASOURCE_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/govclear}"
hostport="${url#jdbc:postgresql://}"
hostport="${hostport%%/*}"
host="${hostport%%:*}"
port="5432"
[[ "$hostport" == *:* ]] && port="${hostport##*:}"
user="${QUARKUS_DATASOURCE_USERNAME:-postgres}"
export PGPASSWORD="${QUARKUS_DATASOURCE_PASSWORD:-postgres}"
databases=("$@")
[ ${#databases[@]} -eq 0 ] && databases=(govclear govclear_test)

answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$host" -p "$port" -t 3
  else
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
  fi
}

install_local() {
  echo "ensure-postgres: no PostgreSQL answers at $host:$port; installing Debian's PostgreSQL" >&2
  if ! dpkg -s postgresql >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do answers && break; sleep 1; done
  # the engine connects over TCP with a password
  su postgres -c "psql -q -c \"ALTER USER $user PASSWORD '$PGPASSWORD'\"" 2>/dev/null \
    || su postgres -c "psql -q -c \"CREATE USER $user SUPERUSER PASSWORD '$PGPASSWORD'\""
}

if ! answers; then
  if [[ "$host" =~ ^(127\.0\.0\.1|localhost|::1)$ ]] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    install_local
  fi
fi
if ! answers; then
  cat >&2 <<MSG
ensure-postgres: no PostgreSQL server answers at $host:$port.
Install and start PostgreSQL 15 or newer, for example on Debian/Ubuntu (as root):
    apt-get install -y postgresql && pg_ctlcluster \$(ls /etc/postgresql) main start
    su postgres -c "psql -c \"ALTER USER postgres PASSWORD 'postgres'\""
or point the engine elsewhere with QUARKUS_DATASOURCE_JDBC_URL / QUARKUS_DATASOURCE_REACTIVE_URL,
QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD. With Docker, Dev Services can start one instead:
    ./mvnw verify -Dquarkus.test.profile=test,devservices
MSG
  exit 1
fi

if ! command -v psql >/dev/null 2>&1; then
  echo "ensure-postgres: server answers at $host:$port; psql is missing, so databases are not checked" >&2
  exit 0
fi
for db in "${databases[@]}"; do
  exists=$(psql -h "$host" -p "$port" -U "$user" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")
  if [ "$exists" != "1" ]; then
    psql -q -h "$host" -p "$port" -U "$user" -d postgres -c "CREATE DATABASE \"$db\""
    echo "ensure-postgres: created database $db" >&2
  fi
done
