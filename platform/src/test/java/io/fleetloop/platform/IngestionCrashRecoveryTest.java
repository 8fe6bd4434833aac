package io.fleetloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.PlatformProcess;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform is killed with SIGKILL (no shutdown hook, no flush) in the middle of an S3 ingestion of 10,000
 * objects and started again on the same data: the queued run is claimed again (db-scheduler sees the dead
 * worker), the task completes, and every object is recorded exactly once in the event store and registered
 * exactly once in the catalog.
 *
 * <p>Slow, and measured so: on the shared 2-core machine of 2026-12-04 (8 builds at once) the 10,000 puts took 1.5 min,
 * the platform start 2.5 min, the ingestion ~17 objects/s (10 min in all, with the kill, the restart and
 * db-scheduler's detection of the dead run, ~2 min) and the catalog registration ~7 assets/s: the
 * {@code catalog-registration} process sends one {@code RegisterAssetCommand} per asset, one after another, each in a
 * transaction of its own, so 10,000 assets take ~25 min there (the command side's throughput, issue 18 §1). Smaller
 * runs: {@code -Dfleetloop.test.ingest-kill-objects=2000} (killed after a tenth of it).
 */
class IngestionCrashRecoveryTest {

    private static final int OBJECTS = Integer.getInteger("fleetloop.test.ingest-kill-objects", 10_000);
    private static final int KILL_AFTER = OBJECTS / 10;

    @Test
    void anIngestionOfTenThousandObjectsSurvivesAKillNineAndRegistersEachObjectExactlyOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String tenant = "ingest-kill-" + run;
        SourceBucket bucket = new SourceBucket("ik-" + run);
        putObjects(bucket, run);

        try (PlatformProcess platform = PlatformProcess.start(TestServers.platformProperties("ingestkill"), "ingestkill")) {
            Api api = platform.api(tenant, Role.DATA_ENGINEER, Role.AUDITOR);
            Ingestions.storeCredentials(api, "keys");
            String sourceId = Ingestions.createSource(api, "fleet", bucket.name(), "", "keys");
            String taskId = Ingestions.createTask(api, sourceId, "*.can", "landing", "CAN");
            Ingestions.start(api, taskId);

            // Kill it mid-run: some objects recorded, most not yet.
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/v1/ingestion-tasks/" + taskId).json("/objectCount").asInt() >= KILL_AFTER);
            platform.kill();
            platform.start();

            Api again = platform.api(tenant, Role.DATA_ENGINEER, Role.AUDITOR);
            int atRestart = again.get("/v1/ingestion-tasks/" + taskId).json("/objectCount").asInt();
            assertThat(atRestart).as("killed mid-run").isBetween(KILL_AFTER, OBJECTS - 1);
            await().atMost(Duration.ofMinutes(5).plusSeconds(OBJECTS / 10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> again.get("/v1/ingestion-tasks/" + taskId).json("/status").asText(), s -> !s.equals("RUNNING"));
            JsonNode task = again.get("/v1/ingestion-tasks/" + taskId).body();
            assertThat(task.path("status").asText()).as(task.path("errorMessage").asText()).isEqualTo("COMPLETED");
            assertThat(task.path("objectCount").asInt()).isEqualTo(OBJECTS);
            assertThat(task.path("duplicateCount").asInt()).isZero();
            assertThat(task.path("assetIds")).hasSize(OBJECTS);

            // The event store: one ObjectIngested per source key, one start after the kill is not a second recording.
            JsonNode events = again.get("/v1/audit/aggregates/" + taskId + "/events").json("/events");
            Map<String, Integer> perKey = new HashMap<>();
            int completed = 0;
            for (JsonNode event : events) {
                String type = event.path("eventType").asText();
                if (type.startsWith("ObjectIngested")) perKey.merge(event.path("payload").path("sourceKey").asText(), 1, Integer::sum);
                if (type.startsWith("DataIngestionCompleted")) completed++;
            }
            assertThat(perKey).hasSize(OBJECTS);
            assertThat(perKey.values()).as("each object recorded once").allMatch(n -> n == 1);
            assertThat(completed).isEqualTo(1);

            // The catalog: every object registered once (asset ids are content-addressed, so a second registration
            // would be refused or merged; the count of assets of this source is exact).
            await().atMost(Duration.ofMinutes(5).plusSeconds(OBJECTS / 5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(again.get("/v1/assets?sourceId=" + sourceId + "&size=1").json("/total").asInt()).isEqualTo(OBJECTS));
            Set<String> ids = new HashSet<>();
            task.path("assetIds").forEach(id -> ids.add(id.asText()));
            assertThat(ids).hasSize(OBJECTS);
            for (String id : new ArrayList<>(ids).subList(0, 20)) {
                assertThat(again.get("/v1/assets/" + id).status()).isEqualTo(200);
            }
        }
    }

    /** The objects (small, of distinct content), put with 16 parallel MinIO clients. */
    private static void putObjects(SourceBucket bucket, String run) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            int perThread = OBJECTS / 16;
            for (int t = 0; t < 16; t++) {
                int from = t * perThread;
                int to = t == 15 ? OBJECTS : from + perThread;
                futures.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        bucket.put(String.format("drive/%05d.can", i), (run + "-object-" + i).getBytes(StandardCharsets.UTF_8));
                    }
                }));
            }
            for (Future<?> future : futures) future.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
