#!/usr/bin/env bash
# OTA rollout benchmark (io.fleetloop.bench.OtaRolloutBenchmark); the same as `bench/run.sh ota-rollout`.
#   bench/ota-rollout.sh                       # 100,000 devices
#   bench/ota-rollout.sh -Dota.devices=2000    # a quick run
# Other options: -Dota.failureRate=0.01 -Dota.artifactBytes=4096 -Dota.threads=16 -Dota.pollingSleep=PT5S
#                -Dota.registerChunk=10000 -Dota.batchTimeout=PT2H -Dota.timeout=PT4H; JVM heap via BENCH_HEAP (2g).
# Report: printed at the end and written to bench/target/ota-rollout.txt.
exec "$(dirname "$0")/run.sh" ota-rollout "$@"
