#!/usr/bin/env bash
# Builds and tests the channel simulators (simulators/, their own application), then runs the engine's whole test
# suite against a real PostgreSQL (database govclear_test, recreated by Flyway at start) with the built simulators
# started beside it as a separate process (src/test/java/io/govclear/support/Simulators.java).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh govclear_test
scripts/ensure-chromium.sh
./mvnw -B -f simulators/pom.xml verify
exec ./mvnw -B verify "$@"
