package io.fleetloop.platform.ota;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.edge.ota.Fleet;
import io.fleetloop.edge.ota.FleetOptions;
import io.fleetloop.edge.ota.FleetStats;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.KafkaTap;
import io.fleetloop.platform.support.PlatformProcess;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform is killed with SIGKILL in the middle of a rollout (a batch half reported) and started again on the
 * same data: the rollout continues to the end, every device is updated exactly once, and the counts add up in the
 * release, the registry, the devices and the integration events.
 */
class RolloutCrashRecoveryTest {

    private static final String TENANT = TestServers.OTA_TENANT;

    @Test
    void aRolloutSurvivesAKillNineMidBatchAndNoDeviceGetsTheUpdateTwice() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        try (PlatformProcess platform = PlatformProcess.start(TestServers.platformProperties("crash"), "crash")) {
            Api operator = platform.api(TENANT, Role.OTA_OPERATOR);
            String bucket = platform.property("fleetloop.objectstore.bucket");
            byte[] model = SourceBucket.randomBytes(64_000, 5);
            String artifactUri = SourceBucket.putPlatformObject(bucket, "tenants/" + TENANT + "/crash/" + run + "/model-2.bin", model);

            StringBuilder csv = new StringBuilder("deviceId,deviceType,installedVersion,attr.fleet\n");
            IntStream.rangeClosed(1, 300).forEach(i -> csv.append(String.format("c%s-%03d,VEHICLE,1.0,%s%n", run, i, run)));
            Api.Response registered = operator.postText("/v1/devices/bulk", "text/csv", csv.toString());
            assertThat(registered.status()).as(registered.raw()).isEqualTo(200);

            Api.Response created = operator.post("/v1/release-tasks", Map.of("releaseType", "DOTA", "versionId", "2.0-" + run,
                    "artifactUri", artifactUri, "targetDeviceType", "vehicle",
                    "grayPolicy", Map.of("batchPercentages", List.of(20, 30, 50), "interval", "PT2S", "successThreshold", 0.9,
                            "errorThreshold", 0.1, "batchTimeout", "PT10M", "deviceFilter", Map.of("fleet", run))));
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            String taskId = created.json("/taskId").asText();

            FleetOptions options = FleetOptions.of(URI.create(platform.baseUrl()), TENANT, TestServers.OTA_GATEWAY_TOKEN, 300)
                    .withIds("c" + run + "-", 3).withFailureRate(0).withPollInterval(Duration.ofSeconds(1)).withThreads(8)
                    .withPublicKeyPem(operator.get("/.well-known/ota-signing-key.pem").raw());
            try (KafkaTap kafka = new KafkaTap(TENANT, List.of("ota.batch-completed", "ota.closed-loop-completed"));
                 Fleet fleet = Fleet.start(options)) {
                assertThat(operator.post("/v1/release-tasks/" + taskId + "/start", null).status()).isEqualTo(202);

                // Kill it while the second batch (90 devices) is being reported.
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    JsonNode batch = operator.get("/v1/release-tasks/" + taskId + "/batches").json("/items/1");
                    return "DEPLOYING".equals(batch.path("status").asText()) && batch.path("successCount").asInt() >= 10;
                });
                platform.kill();
                int installedAtKill = fleet.stats().installed();
                assertThat(installedAtKill).isBetween(70, 299);
                platform.start();

                Api again = platform.api(TENANT, Role.OTA_OPERATOR);
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> again.get("/v1/release-tasks/" + taskId).json("/status").asText(), s -> !s.equals("RUNNING"));
                JsonNode task = again.get("/v1/release-tasks/" + taskId).body();
                assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
                assertThat(task.path("successCount").asInt()).isEqualTo(300);
                assertThat(task.path("failureCount").asInt()).isZero();
                JsonNode batches = again.get("/v1/release-tasks/" + taskId + "/batches").json("/items");
                assertThat(batches.findValuesAsText("deviceCount")).containsExactly("60", "90", "150");
                assertThat(batches.findValuesAsText("successCount")).containsExactly("60", "90", "150");
                assertThat(again.get("/v1/devices?installedVersion=2.0-" + run + "&size=1").json("/total").asInt()).isEqualTo(300);

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(fleet.stats().installed())
                        .as("%s; errors %s", fleet.stats().states(), fleet.stats().errors().values().stream().limit(3).toList()).isEqualTo(300));
                FleetStats stats = fleet.stats();
                assertThat(stats.installCounts()).hasSize(300);
                assertThat(stats.installCounts().values()).as("no device installs the same update twice").allMatch(n -> n == 1);

                // Kafka is at-least-once across a kill: every event arrives, and a repeat carries the same CloudEvent id.
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(distinctIds(kafka.on("ota.batch-completed"), taskId)).isEqualTo(3);
                    assertThat(distinctIds(kafka.on("ota.closed-loop-completed"), taskId)).isEqualTo(1);
                });
            }
        }
    }

    private static int distinctIds(List<KafkaTap.Received> received, String taskId) {
        Set<String> ids = new HashSet<>();
        received.stream().filter(r -> r.key().equals(taskId)).forEach(r -> ids.add(r.cloudEvent().path("id").asText()));
        return ids.size();
    }
}
