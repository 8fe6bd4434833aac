#!/usr/bin/env bash
# Smoke check of the shipped jar, as a user runs it: starts platform/target/platform-exec.jar (built before, this script
# builds nothing) on its embedded default — PostgreSQL, Elasticsearch, S3 store and Kafka all started by the platform,
# data in a temp folder, free ports — creates one aggregate of every type through the public REST API, asks each for its
# state at an instant (GET /v1/audit/aggregates/{id}/state?at=), checks /v3/api-docs, Swagger UI and the GraphiQL page
# with its assets, then stops the platform and its servers. Nothing from the test classpath is involved.
#   scripts/jar-smoke.sh          exit 0 and one line "jar-smoke: OK ..." or non-zero and "jar-smoke: FAILED ..."
#   SMOKE_TIMEOUT=900             overall limit in seconds (a start takes 1-3 min, more on a loaded machine)
#   SMOKE_KEEP=1                  keeps the temp folder (logs) afterwards; it is kept anyway on failure
set -uo pipefail
cd "$(dirname "$0")/.."
JAR=$PWD/platform/target/platform-exec.jar
LIMIT=${SMOKE_TIMEOUT:-900}
START=$SECONDS
# Every aggregate type of the platform; JarSmokeScriptTest holds this list equal to the application's aggregates.
AGGREGATE_TYPES="DataSource IngestionTask DataAsset DataFlow OrchestrationTask AnnotationTask AnnotationResult Device ReleaseTask GatewayCredential TenantAccount BehaviorSession ProblemSample FeedbackDecision Operator AiModel Workflow WorkflowRun SimulationScenario SimulationTask SceneMiningRuleSet SceneMiningJob KnowledgeEntry LogBatch EdgeTriggerReport"

DATA=$(mktemp -d /tmp/fleetloop-smoke.XXXXXX)
chmod 755 "$DATA"
LOG=$DATA/platform.log
PID=
P=

fail() {
  echo "jar-smoke: FAILED after $((SECONDS - START))s: $*  (platform log: $LOG)"
  [ -f "$LOG" ] && tail -n 40 "$LOG" | sed 's/^/  | /' >&2
  SMOKE_KEEP=1
  exit 1
}

stop() {
  [ -n "$PID" ] || return 0
  kill -TERM "$PID" 2>/dev/null
  for _ in $(seq 1 90); do kill -0 "$PID" 2>/dev/null || break; sleep 1; done
  if kill -0 "$PID" 2>/dev/null; then
    echo "jar-smoke: the platform did not stop within 90 s; killing its process group" >&2
    kill -KILL -- "-$PID" 2>/dev/null
  fi
  # the platform stops its servers on shutdown; anything of its process group still alive is a leak
  sleep 1
  if pgrep -g "$PID" >/dev/null 2>&1; then
    echo "jar-smoke: processes of the platform survived it: $(pgrep -g "$PID" | tr '\n' ' ')" >&2
    kill -KILL -- "-$PID" 2>/dev/null
    PID=
    return 1
  fi
  PID=
}

cleanup() {
  stop
  if [ "${SMOKE_KEEP:-0}" = 1 ]; then echo "jar-smoke: kept $DATA" >&2; else rm -rf "$DATA"; fi
}
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM

left() { echo $((LIMIT - (SECONDS - START))); }
[ -f "$JAR" ] || fail "$JAR is missing: build it first (./mvnw -B -DskipTests package)"
command -v jq >/dev/null || fail "jq is needed (apt-get install jq)"
command -v curl >/dev/null || fail "curl is needed"

# --- start: embedded default. spring.datasource.url points where nothing answers, so the platform starts its own
# PostgreSQL in the temp folder instead of using a server that happens to run on this machine.
setsid java -Xmx1g -jar "$JAR" --server.port=0 --fleetloop.data-dir="$DATA" \
  --spring.datasource.url=jdbc:postgresql://127.0.0.1:1/fleetloop >"$LOG" 2>&1 &
PID=$!
until grep -qs "Fleetloop is up: http://" "$LOG"; do
  kill -0 "$PID" 2>/dev/null || { PID=; fail "the platform exited during start"; }
  [ "$(left)" -gt 0 ] || fail "the platform did not come up within ${LIMIT}s"
  sleep 2
done
P=$(grep -o "Fleetloop is up: http://[^ ]*" "$LOG" | head -1 | sed 's/Fleetloop is up: //')
S3=$(grep -o "endpoint   http://[^ ]*" "$LOG" | head -1 | awk '{print $2}')
[ "$(curl -s -o /dev/null -w '%{http_code}' "$P/actuator/health")" = 200 ] || fail "$P/actuator/health is not 200"

TENANT=smoke
TOKEN=$(java -jar "$JAR" token --user smoke@example.com --tenant $TENANT --data-dir "$DATA" --role DATA_ENGINEER \
  --role AUDITOR --role ANNOTATION_MANAGER --role OTA_OPERATOR --role ALGORITHM_ENGINEER --role SIMULATION_ENGINEER 2>/dev/null) || fail "the token command failed"
AUTH=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")

# call METHOD PATH [BODY]: prints the body; fails unless 2xx
call() {
  local out code
  out=$(curl -s -w '\n%{http_code}' -X "$1" "$P$2" "${AUTH[@]}" ${3:+-d "$3"}) || fail "$1 $2: no answer"
  code=${out##*$'\n'}
  [ "${code:0:1}" = 2 ] || fail "$1 $2 answered $code: ${out%$'\n'*}"
  printf '%s' "${out%$'\n'*}"
}
# s3 METHOD KEY [FILE]: signed request to the object store the platform started (its printed default keys)
s3() {
  curl -sf --aws-sigv4 "aws:amz:us-east-1:s3" --user fleetloop:fleetloop-secret -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    -X "$1" "$S3/$2" ${3:+-T "$3"} -o /dev/null || fail "S3 $1 $2 failed"
}
# wait_for DESCRIPTION COMMAND...: until the command succeeds, within the time left
wait_for() {
  local what=$1; shift
  until "$@"; do
    [ "$(left)" -gt 0 ] || fail "timed out waiting for $what"
    sleep 1
  done
}

# --- one aggregate of every type, through the public API
head -c 1600 /dev/zero >"$DATA/scan.bin"         # a KITTI velodyne file of 100 points (x, y, z, reflectance)
s3 PUT raw && s3 PUT raw/drive/000001.bin "$DATA/scan.bin"
call PUT /v1/credentials/raw-keys '{"accessKey":"fleetloop","secretKey":"fleetloop-secret"}' >/dev/null
FLOW=$(call POST /v1/data-flows '{"name":"smoke","flowRule":{"modality":"LIDAR","pathPattern":"landing/**.bin"},
  "action":{"type":"ANNOTATE","annotationType":"BOX_3D","runPreLabeling":true,"preLabelConfig":{"labeler":"BUILTIN_LIDAR","minConfidence":0.2}}}' \
  | jq -r .flowId)
SRC=$(call POST /v1/datasources '{"name":"smoke","protocolType":"S3",
  "connectorConfig":{"endpoint":"'"$S3"'","bucket":"raw","prefix":"drive/","credentialsRef":"raw-keys"}}' | jq -r .sourceId)
TASK=$(call POST /v1/ingestion-tasks '{"sourceId":"'"$SRC"'",
  "ingestionRule":{"includePattern":"*.bin","targetPath":"landing/drive","modality":"LIDAR"}}' | jq -r .taskId)
call POST "/v1/ingestion-tasks/$TASK/start" >/dev/null
ingested() { [ "$(call GET "/v1/ingestion-tasks/$TASK" | jq -r .status)" = COMPLETED ]; }
wait_for "ingestion task $TASK to complete" ingested
results() { call GET "/v1/annotation-tasks?size=100" | jq -e --arg o "data-flow:$FLOW" '.items[] | select(.origin == $o and .resultCount > 0)' >/dev/null; }
wait_for "the data flow's pre-labelled annotation task" results

s3 PUT fleetloop/tenants/$TENANT/models/model-2.0.bin "$DATA/scan.bin"
call POST /v1/devices '{"deviceId":"smoke-0001","deviceType":"VEHICLE","attributes":{"region":"eu"},"installedVersion":"1.0"}' >/dev/null
call POST /v1/release-tasks '{"releaseType":"DOTA","versionId":"2.0","targetDeviceType":"vehicle",
  "artifactUri":"s3://fleetloop/tenants/'$TENANT'/models/model-2.0.bin","grayPolicy":{"batchPercentages":[100],"interval":"PT0S"}}' >/dev/null

call POST /v1/ota/gateway-token '{"securityToken":"smoke-gateway-token-0123456789"}' >/dev/null

# a behaviour session over an IMU recording, a problem sample in it and a backfill decided from it
printf 'timestamp,ax\n1700000000.0,0.5\n1700000000.5,0.7\n1700000001.0,0.9\n' >"$DATA/imu.csv"
s3 PUT raw/drive/imu.csv "$DATA/imu.csv"
IMU_TASK=$(call POST /v1/ingestion-tasks '{"sourceId":"'"$SRC"'",
  "ingestionRule":{"includePattern":"*.csv","targetPath":"landing/imu","modality":"IMU"}}' | jq -r .taskId)
call POST "/v1/ingestion-tasks/$IMU_TASK/start" >/dev/null
imu_asset() { IMU_ASSET=$(call GET "/v1/assets?sourceId=$SRC&size=100" | jq -r '[.items[] | select(.modality == "IMU")][0].assetId // empty'); [ -n "$IMU_ASSET" ]; }
wait_for "the IMU recording in the catalog" imu_asset
SESSION=$(call POST /v1/behavior-sessions '{"name":"smoke","assetIds":["'"$IMU_ASSET"'"]}')
SESSION_ID=$(jq -r .sessionId <<<"$SESSION")
SAMPLE=$(call POST /v1/problem-samples '{"sessionId":"'"$SESSION_ID"'","problemType":"CONTROL","severity":"LOW",
  "rootCauseSegment":{"from":"'"$(jq -r .from <<<"$SESSION")"'","to":"'"$(jq -r .to <<<"$SESSION")"'","channels":["imu/ax"]}}' | jq -r .sampleId)
call POST /v1/problem-samples/trigger-backfill '{"sampleIds":["'"$SAMPLE"'"],"sourceId":"'"$SRC"'","includePattern":"nothing-new/**"}' >/dev/null

# a workflow (an HTTP operator and an AI model registered beside it) and a run of it
call POST /v1/operators '{"name":"smoke-http","kind":"HTTP","spec":{"url":"http://127.0.0.1:9/x"},"outputs":["out"]}' >/dev/null
call POST /v1/ai-models '{"name":"smoke-model","baseUrl":"http://127.0.0.1:9/v1","model":"m"}' >/dev/null
WORKFLOW=$(call POST /v1/workflows '{"name":"smoke","nodes":[{"nodeId":"n","operatorId":"builtin:noop"}]}' | jq -r .workflowId)
call POST "/v1/workflows/$WORKFLOW/runs" '{}' >/dev/null
run_done() { [ "$(call GET "/v1/workflow-runs?workflowId=$WORKFLOW" | jq -r '.items[0].status // empty')" = SUCCEEDED ]; }
wait_for "the workflow run to succeed" run_done

# a simulation scenario and a task of one item; scene mining rules and a mining job over the IMU recording
SCENARIO=$(call POST /v1/simulation-scenarios '{"name":"smoke","scenarioType":"PEDESTRIAN_CROSSING",
  "scenarioParams":{"egoSpeed":{"min":30,"max":40,"unit":"km/h"}}}' | jq -r .scenarioId)
call POST /v1/simulation-tasks '{"scenarioId":"'"$SCENARIO"'","batchSize":1,"seed":1}' >/dev/null
call PUT /v1/scene-mining/rules '{"version":1,"tags":[{"tag":"moving","when":"speedMeanKph > 1.0"}]}' >/dev/null
call POST /v1/scene-mining '{"assetIds":["'"$IMU_ASSET"'"]}' >/dev/null

# a knowledge-base entry and a vehicle log batch
call POST /api/v1/knowledge-base/entries '{"errorCode":"E1","title":"smoke","symptoms":"s","causes":"c","fixes":"f",
  "vehiclePlatforms":["J7"],"firmwareRange":"*"}' >/dev/null
call POST /api/v1/batches '{"vehicleId":"smoke-car","vehiclePlatform":"J7","firmwareVersion":"1.0"}' >/dev/null

# a clip collected by a device (through the gateway token, as the edge agent does): upload, complete, report
COLLECT=$(call POST /v1/data-flows '{"name":"smoke-collect","flowRule":{"trigger":{"kinds":["TAKEOVER"],"preSeconds":5,"postSeconds":5,"rateLimit":6}},
  "compressionRule":{"codec":"zstd","level":3,"dictionary":null,"targetRatio":50},"targetPath":"edge/smoke",
  "deviceSelector":{"deviceType":"VEHICLE","attributes":{}},"action":{"type":"COLLECT"}}' | jq -r .flowId)
DDI=(-H "Authorization: GatewayToken smoke-gateway-token-0123456789" -H "Content-Type: application/json")
BASE=$P/$TENANT/controller/v1/smoke-0001
ddi() {
  local out code
  out=$(curl -s -w '\n%{http_code}' -X POST "$BASE/$1" "${DDI[@]}" -d "$2") || fail "DDI $1: no answer"
  code=${out##*$'\n'}
  [ "${code:0:1}" = 2 ] || fail "DDI $1 answered $code: ${out%$'\n'*}"
  printf '%s' "${out%$'\n'*}"
}
SHA=$(sha256sum "$DATA/imu.csv" | cut -d' ' -f1)
UPLOAD=$(ddi collection-uploads '{"flowId":"'"$COLLECT"'","triggerId":"t-1","fileName":"clip.csv","size":'"$(stat -c %s "$DATA/imu.csv")"',"sha256":"'"$SHA"'"}')
curl -sf -X PUT -T "$DATA/imu.csv" "$(jq -r '.parts[0].url' <<<"$UPLOAD")" -o /dev/null || fail "the presigned part upload failed"
ddi "collection-uploads/$(jq -r .uploadId <<<"$UPLOAD")/complete" '{}' >/dev/null
ddi collection-triggers '{"flowId":"'"$COLLECT"'","triggerId":"t-1","kind":"TAKEOVER","triggerTime":"'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'",
  "ruleVersion":"'"$(curl -s "$BASE/collection-rules" "${DDI[@]}" | jq -r .version)"'","storagePaths":["'"$(jq -r .storagePath <<<"$UPLOAD")"'"]}' >/dev/null

# --- every aggregate's state at now, found through the audit trail (resource type = aggregate type)
RECORDS=$(call GET "/v1/audit-records?size=500")
for type in $AGGREGATE_TYPES; do
  id=$(jq -r --arg t "$type" '[.items[] | select(.resourceType == $t and .outcome == "ACCEPTED")][0].resourceId // empty' <<<"$RECORDS")
  [ -n "$id" ] || fail "no $type was created (audit trail has none)"
  out=$(curl -s -w '\n%{http_code}' "$P/v1/audit/aggregates/$id/state?at=$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${AUTH[@]}")
  code=${out##*$'\n'}
  [ "$code" = 200 ] || fail "state?at= of $type $id answered $code: ${out%$'\n'*}"
  [ "$(jq -r .aggregateType <<<"${out%$'\n'*}")" = "$type" ] || fail "state?at= of $type $id: wrong aggregateType"
done

# --- API docs and GraphiQL, without a token, nothing from outside
for path in /v3/api-docs /swagger-ui.html /graphiql; do
  code=$(curl -s -L -o "$DATA/page" -w '%{http_code}' "$P$path")
  [ "$code" = 200 ] || fail "GET $path (no token) answered $code"
  [ "$path" != /v3/api-docs ] || jq -e '.paths["/v1/audit/aggregates/{aggregateId}/state"]' "$DATA/page" >/dev/null \
    || fail "/v3/api-docs does not document the state endpoint"
done
cp "$DATA/page" "$DATA/graphiql.html"
grep -Eo '(src|href)="[^"]*"' "$DATA/graphiql.html" | grep -Eo '"[^"]*"' | tr -d '"' >"$DATA/assets"
[ -s "$DATA/assets" ] || fail "the GraphiQL page references no script or style"
while read -r asset; do
  case "$asset" in
    http://*|https://*|//*) fail "the GraphiQL page loads $asset from outside the platform" ;;
  esac
  url=$asset; [ "${asset:0:1}" = / ] || url=/$asset
  code=$(curl -s -o /dev/null -w '%{http_code}' "$P$url")
  [ "$code" = 200 ] || fail "GraphiQL asset $asset answered $code"
done <"$DATA/assets"

stop || fail "the platform left processes behind"
echo "jar-smoke: OK in $((SECONDS - START))s: state?at= 200 for $(wc -w <<<"$AGGREGATE_TYPES") aggregate types, api docs and offline GraphiQL served, platform stopped"
