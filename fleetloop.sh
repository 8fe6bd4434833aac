#!/usr/bin/env bash
# Builds Fleetloop and runs it on its embedded default: PostgreSQL, Elasticsearch, an S3-compatible store and
# Kafka are started for you (data in ./.fleetloop), their endpoints are printed, and they stop with the platform.
# Any argument is passed to the platform, e.g. --server.port=9090.
#   ./fleetloop.sh token --user alice --tenant demo --role DATA_ENGINEER   prints a token (embedded issuer)
#   ./fleetloop.sh agent ota --server ... | fleet ... | version            runs the edge agent (device side)
#   ./fleetloop.sh demo closed-loop [--server URL ...]                     one closed loop on the running platform
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
if [ "${1:-}" = "demo" ]; then
  # The closed-loop demo (edge-agent module, io.fleetloop.edge.demo) drives a platform that is already running; it
  # gets its token from the embedded issuer here, as `token` does.
  [ "${2:-}" = "closed-loop" ] || { echo "usage: ./fleetloop.sh demo closed-loop [options]   (see README, Closed-loop demo)" >&2; exit 2; }
  shift 2
  [ -f "$JAR" ] || ./mvnw -q -B -DskipTests package >&2
  AGENT_JAR="$HERE/edge-agent/target/edge-agent.jar"
  [ -f "$AGENT_JAR" ] && [ -f "$HERE/edge-agent/target/lib/signal-formats-0.1.0-SNAPSHOT.jar" ] || ./mvnw -q -B -pl edge-agent -am -DskipTests package >&2
  TENANT=demo
  for ((i = 1; i <= $#; i++)); do [ "${!i}" = "--tenant" ] && { j=$((i + 1)); TENANT="${!j}"; }; done
  if [ -z "${FLEETLOOP_TOKEN:-}" ]; then
    FLEETLOOP_TOKEN=$(java -jar "$JAR" token --user demo --tenant "$TENANT" --role DATA_ENGINEER --role ANNOTATION_MANAGER \
      --role QC_REVIEWER --role ALGORITHM_ENGINEER --role OTA_OPERATOR --role AUDITOR)
  fi
  export FLEETLOOP_TOKEN
  exec java -cp "$AGENT_JAR" io.fleetloop.edge.demo.ClosedLoopDemo --tenant "$TENANT" "$@"
fi
if [ "${1:-}" = "token" ]; then
  [ -f "$JAR" ] || ./mvnw -q -B -DskipTests package >&2
  exec java -jar "$JAR" "$@"
fi
./mvnw -q -B -DskipTests package
exec java -jar "$JAR" "$@"
