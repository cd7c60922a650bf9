#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL (database govclear_test, recreated by Flyway at start).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh govclear_test
exec ./mvnw -B verify "$@"
