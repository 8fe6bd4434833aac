#!/usr/bin/env bash
# Builds Fleetloop and runs it on its embedded default: PostgreSQL, Elasticsearch, an S3-compatible store and
# Kafka are started for you (data in ./.fleetloop), their endpoints are printed, and they stop with the platform.
# Any argument is passed to the platform, e.g. --server.port=9090.
#   ./fleetloop.sh token --user alice --tenant demo --role DATA_ENGINEER   prints a token (embedded issuer)
#   ./fleetloop.sh agent ota --server ... | fleet ... | version            runs the edge agent (device side)
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
if [ "${1:-}" = "agent" ]; then
  # The agent runs in the caller's folder: its paths (--slots, --public-key, --health-check) are the caller's.
  shift
  AGENT_JAR="$HERE/edge-agent/target/edge-agent.jar"
  [ -f "$AGENT_JAR" ] || (cd "$HERE" && ./mvnw -q -B -pl edge-agent -am -DskipTests package >&2)
  exec java -jar "$AGENT_JAR" "$@"
fi
cd "$HERE"
JAR=platform/target/platform-exec.jar
if [ "${1:-}" = "token" ]; then
  [ -f "$JAR" ] || ./mvnw -q -B -DskipTests package >&2
  exec java -jar "$JAR" "$@"
fi
./mvnw -q -B -DskipTests package
exec java -jar "$JAR" "$@"
