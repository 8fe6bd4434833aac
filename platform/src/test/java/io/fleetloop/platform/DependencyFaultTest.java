package io.fleetloop.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.infra.LocalInfra;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.KafkaTap;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Elasticsearch, Kafka and the object store each stop answering for 30 s while the platform works (frozen with
 * SIGSTOP by {@link LocalInfra#pause}: no refusal, requests in flight just wait; the search projection and the Kafka
 * publisher block until it answers again, as their clients' timeouts are 30 s or more — a longer outage makes them
 * fail, which {@code DependencyOutagePolicy} retries instead of dead-lettering, see its unit test). While one is down, the commands that do not need it are accepted, and {@code /actuator/health} shows
 * that dependency {@code DEGRADED} to a platform admin (HTTP 200: the node stays in its load balancer). When it is
 * back, the projections and the Kafka publisher catch up: counts in the catalog, the search index and on Kafka are
 * exact, and no event went to the dead-letter queue.
 *
 * <p>It pauses the shared servers of this test JVM: test classes run one after another in one fork (forkCount 1, no
 * parallel classes), and the other platforms of this JVM are idle meanwhile (a tracking processor with no new
 * events makes no call). Took 326 s on the loaded shared machine (platform start ~3 min, the three outages and the
 * catching up 2 min).
 */
class DependencyFaultTest {

    private static final Duration DOWN = Duration.ofSeconds(30);
    private static final int PER_PHASE = 10;

    @Test
    void elasticsearchKafkaAndTheObjectStoreEachDownForThirtySecondsLoseNothing() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String tenant = "faults-" + run;
        SourceBucket bucket = new SourceBucket("df-" + run);
        for (String phase : List.of("es", "kafka", "s3")) {
            for (int i = 0; i < PER_PHASE; i++) {
                bucket.put(phase + "/" + i + ".can", (run + "-" + phase + "-" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        LocalInfra servers = TestServers.get();

        try (RunningPlatform platform = RunningPlatform.start(TestServers.platformProperties("faults"));
             KafkaTap kafka = new KafkaTap(tenant, List.of("ingestion.completed", "catalog.registered"))) {
            Api api = platform.api(tenant);
            Api admin = platform.api(tenant, Role.PLATFORM_ADMIN);
            assertComponents(admin, "UP", "UP", "UP");
            Ingestions.storeCredentials(api, "keys");
            String sourceId = Ingestions.createSource(api, "fleet", bucket.name(), "", "keys");

            // 1. Elasticsearch down: an ingestion runs to the end and its assets are in the catalog (PostgreSQL).
            String esTask;
            Instant downSince = Instant.now();
            servers.pause("elasticsearch");
            try {
                awaitComponent(admin, "elasticsearch", "DEGRADED");
                esTask = ingest(api, sourceId, "es/*.can");
                JsonNode task = api.get("/v1/ingestion-tasks/" + esTask).body();
                for (JsonNode assetId : task.path("assetIds")) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/v1/assets/" + assetId.asText()).status() == 200);
                }
                holdUntil(downSince.plus(DOWN));
            } finally {
                servers.resume("elasticsearch");
            }
            awaitComponent(admin, "elasticsearch", "UP");
            awaitSearchTotal(api, sourceId, PER_PHASE);

            // 2. Kafka down: the next ingestion completes; the publisher waits and then publishes everything once.
            downSince = Instant.now();
            servers.pause("kafka");
            try {
                awaitComponent(admin, "kafka", "DEGRADED");
                ingest(api, sourceId, "kafka/*.can");
                holdUntil(downSince.plus(DOWN));
            } finally {
                servers.resume("kafka");
            }
            awaitComponent(admin, "kafka", "UP");
            awaitSearchTotal(api, sourceId, 2 * PER_PHASE);

            // 3. Object store down: commands that do not need it are accepted (a task is created, an asset tagged).
            String assetId = api.get("/v1/ingestion-tasks/" + esTask).json("/assetIds/0").asText();
            String s3Task;
            downSince = Instant.now();
            servers.pause("objectstore");
            try {
                awaitComponent(admin, "objectStore", "DEGRADED");
                s3Task = Ingestions.createTask(api, sourceId, "s3/*.can", "landing", "CAN");
                Api.Response tagged = api.put("/v1/assets/" + assetId + "/tags", Map.of("sceneTags", List.of("outage-" + run)));
                assertThat(tagged.status()).as(tagged.raw()).isEqualTo(200);
                holdUntil(downSince.plus(DOWN));
            } finally {
                servers.resume("objectstore");
            }
            awaitComponent(admin, "objectStore", "UP");
            Ingestions.start(api, s3Task);
            assertThat(awaitEnd(api, s3Task).path("objectCount").asInt()).isEqualTo(PER_PHASE);

            // Everything caught up, exactly once.
            awaitSearchTotal(api, sourceId, 3 * PER_PHASE);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(api.get("/v1/assets?tag=outage-" + run).json("/total").asInt()).isEqualTo(1));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(distinctIds(kafka.on("catalog.registered"))).isEqualTo(3 * PER_PHASE);
                assertThat(distinctIds(kafka.on("ingestion.completed"))).isEqualTo(3);
            });
            assertComponents(admin, "UP", "UP", "UP");
            Api.Response letters = admin.get("/v1/admin/dead-letters");
            assertThat(letters.status()).as(letters.raw()).isEqualTo(200);
            assertThat(letters.raw()).as("an outage is not a poison event").doesNotContain(sourceId);
            assertThat(letters.body().findValues("sequenceId")).as(letters.raw()).isEmpty();
        } finally {
            // Never leave a shared server frozen for the next test class.
            for (String server : List.of("elasticsearch", "kafka", "objectstore")) servers.resume(server);
        }
    }

    private static String ingest(Api api, String sourceId, String pattern) {
        String taskId = Ingestions.createTask(api, sourceId, pattern, "landing", "CAN");
        Ingestions.start(api, taskId);
        JsonNode task = awaitEnd(api, taskId);
        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.path("objectCount").asInt()).isEqualTo(PER_PHASE);
        return taskId;
    }

    private static JsonNode awaitEnd(Api api, String taskId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Api.Response response = api.get("/v1/ingestion-tasks/" + taskId);
            last[0] = response.body();
            String status = response.json("/status").asText();
            return response.status() == 200 && !status.equals("RUNNING") && !status.equals("CREATED");
        });
        return last[0];
    }

    private static void awaitSearchTotal(Api api, String sourceId, int expected) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(api.get("/v1/assets?sourceId=" + sourceId + "&size=1").json("/total").asInt()).isEqualTo(expected));
    }

    private static void awaitComponent(Api admin, String component, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Api.Response health = admin.get("/actuator/health");
            assertThat(health.json("/components/" + component + "/status").asText()).as(health.raw()).isEqualTo(status);
            assertThat(health.status()).as("a degraded node stays in the load balancer: " + health.raw()).isEqualTo(200);
            if (status.equals("DEGRADED")) assertThat(health.json("/status").asText()).isEqualTo("DEGRADED");
        });
    }

    private static void assertComponents(Api admin, String elasticsearch, String kafka, String objectStore) {
        awaitComponent(admin, "elasticsearch", elasticsearch);
        awaitComponent(admin, "kafka", kafka);
        awaitComponent(admin, "objectStore", objectStore);
        assertThat(admin.get("/actuator/health").json("/status").asText()).isEqualTo("UP");
    }

    private static void holdUntil(Instant until) {
        long millis = Duration.between(Instant.now(), until).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int distinctIds(List<KafkaTap.Received> received) {
        Set<String> ids = new HashSet<>();
        received.forEach(r -> ids.add(r.cloudEvent().path("id").asText()));
        return ids.size();
    }
}
