#!/usr/bin/env bash
# Runs one benchmark, offline and without `mvn install`: compiles the reactor up to bench (test-compile: bench and
# platform use the test-jar of workers, which resolves to its target/test-classes), writes bench's classpath
# (reactor modules as target/classes), runs the benchmark in its own JVM and exits with its status.
#   bench/run.sh command-side  [-Dbench.commands=4000] [-Dbench.rows=4000]      -> bench/target/command-side.txt
#   bench/run.sh ota-rollout   [-Dota.devices=100000] (see OtaRolloutBenchmark)  -> bench/target/ota-rollout.txt
#   bench/run.sh lidar-labeler [-Dbench.scenes=200] [-Dbench.seed=1]             (printed only)
#   bench/run.sh behaviour     [-Dbench.minutes=60] [-Dbench.windows=50]         (printed only)
#   bench/run.sh compression   [-Dbench.minutes=60] [-Dbench.segmentSeconds=300] [-Dbench.noise=1] [-Dbench.warmup=10] [-Dbench.passes=5] (printed only)
#   bench/run.sh simulation    [-Dbench.items=100] [-Dbench.jobItems=40] [-Dbench.seed=1] -> bench/target/simulation.txt
#   bench/run.sh scene-mining  [-Dbench.sizes=500,2000,6000] [-Dbench.queries=300]  -> bench/target/scene-mining.txt
#   bench/run.sh collection    [-Dbench.framesPerSecond=2000] [-Dbench.seconds=180]  (edge agent ring memory; printed only)
#   bench/run.sh workflow      [-Dbench.runs=1000] [-Dbench.latencySamples=50]  -> bench/target/workflow.txt
#   bench/run.sh collection-latency [-Dbench.devices=100] [-Dbench.driveSeconds=60] [-Dbench.fleet=process|in-process]  (landed -> searchable; printed only)
#   bench/run.sh log-batches   [-Dbench.uploadMiB=256] [-Dbench.heapUploads=100] [-Dbench.heapUploadMiB=64] [-Dbench.files=1000] -> bench/target/log-batches.txt
#   bench/run.sh soak          [-Dbench.minutes=10] [-Dbench.clients=4]          -> bench/target/soak.txt
#   bench/run.sh asset-search  [-Dbench.assets=1000000] [-Dbench.queries=300] [-Dbench.seed=1] [-Dbench.clients=1,8] -> bench/target/asset-search.txt
# Further arguments go to the JVM (e.g. -XX:StartFlightRecording=filename=bench/target/cmd.jfr,settings=profile).
# Every benchmark ends: 0 when it passed; 1 on an error (printed); 2 when its checks failed; 3 when it did not end
# within -Dbench.timeout (its own default; a thread dump is printed); 124 when this script's hard limit
# BENCH_KILL_AFTER (default: 30 min more than the benchmark's default timeout) stopped the JVM.
# A benchmark that starts servers removes its database and data folder when it exits (-Dbench.keep=true keeps them).
# Environment: BENCH_HEAP (default 2g), SKIP_BUILD=1 to reuse the last build. An OutOfMemoryError leaves a heap dump
# (java_pid<pid>.hprof) in bench/target/.
set -euo pipefail
name="${1:-}"
case "$name" in
  command-side)  main=CommandSideBenchmark;  limit=70m ;;
  ota-rollout)   main=OtaRolloutBenchmark;   limit=390m ;;
  lidar-labeler) main=LidarLabelerBenchmark; limit=60m ;;
  behaviour)     main=BehaviourBenchmark;    limit=60m ;;
  compression)   main=CompressionBenchmark;  limit=60m ;;
  simulation)    main=SimulationBenchmark;   limit=80m ;;
  scene-mining)  main=SceneMiningBenchmark;  limit=150m ;;
  collection)    main=CollectionBenchmark;   limit=30m ;;
  workflow)      main=WorkflowBenchmark;     limit=70m ;;
  collection-latency) main=CollectionLatencyBenchmark; limit=75m ;;
  log-batches)   main=LogBatchBenchmark;     limit=110m ;;
  soak)          main=SoakBenchmark;         limit=70m ;;
  asset-search)  main=AssetSearchBenchmark;  limit=150m ;;
  *) echo "usage: bench/run.sh NAME [JVM options]; NAME is one of: $(sed -n 's/^  \([a-z-]*\)) *main=.*/\1/p' "$0" | tr '\n' ' ')" >&2; exit 64 ;;
esac
shift
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -o -B -q -pl bench -am test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
fi
status=0
timeout --kill-after=30s "${BENCH_KILL_AFTER:-$limit}" \
  java -Xmx"${BENCH_HEAP:-2g}" -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=bench/target/ "$@" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "io.fleetloop.bench.$main" \
  || status=$?
if [[ $status -ne 0 ]]; then
  [[ $status -eq 124 || $status -eq 137 ]] && echo "[bench] $name FAILED: stopped after ${BENCH_KILL_AFTER:-$limit} (BENCH_KILL_AFTER)" >&2
  echo "[bench] $name exited with status $status" >&2
fi
exit $status
