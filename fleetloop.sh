#!/usr/bin/env bash
# Builds Fleetloop and runs it on its embedded default: PostgreSQL, Elasticsearch, an S3-compatible store and
# Kafka are started for you (data in ./.fleetloop), their endpoints are printed, and they stop with the platform.
# Any argument is passed to the platform, e.g. --server.port=9090.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -q -B -DskipTests package
exec java -jar platform/target/platform-exec.jar "$@"
