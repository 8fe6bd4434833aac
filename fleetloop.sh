#!/usr/bin/env bash
# Builds Fleetloop and runs it on its embedded default: PostgreSQL, Elasticsearch, an S3-compatible store and
# Kafka are started for you (data in ./.fleetloop), their endpoints are printed, and they stop with the platform.
# Any argument is passed to the platform, e.g. --server.port=9090.
#   ./fleetloop.sh token --user alice --tenant demo --role DATA_ENGINEER   prints a token (embedded issuer)
set -euo pipefail
cd "$(dirname "$0")"
JAR=platform/target/platform-exec.jar
if [ "${1:-}" = "token" ]; then
  [ -f "$JAR" ] || ./mvnw -q -B -DskipTests package >&2
  exec java -jar "$JAR" "$@"
fi
./mvnw -q -B -DskipTests package
exec java -jar "$JAR" "$@"
