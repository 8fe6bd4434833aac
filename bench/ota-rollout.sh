#!/usr/bin/env bash
# OTA rollout benchmark (io.fleetloop.bench.OtaRolloutBenchmark), offline and without `mvn install`:
# compiles the reactor up to bench, writes bench's classpath (reactor modules as target/classes), runs the JVM.
#   bench/ota-rollout.sh                       # 100,000 devices
#   bench/ota-rollout.sh -Dota.devices=2000    # a quick run
# Other options: -Dota.failureRate=0.01 -Dota.artifactBytes=4096 -Dota.threads=16 -Dota.pollingSleep=PT5S
#                -Dota.registerChunk=10000 -Dota.batchTimeout=PT2H -Dota.timeout=PT4H; JVM heap via BENCH_HEAP (2g).
# Report: printed at the end and written to bench/target/ota-rollout.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -o -B -q -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
fi
exec java -Xmx"${BENCH_HEAP:-2g}" "$@" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.fleetloop.bench.OtaRolloutBenchmark
