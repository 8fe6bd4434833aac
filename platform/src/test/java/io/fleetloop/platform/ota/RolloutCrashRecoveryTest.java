package io.fleetloop.platform.ota;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.edge.ota.Fleet;
import io.fleetloop.edge.ota.FleetOptions;
import io.fleetloop.edge.ota.FleetStats;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.KafkaTap;
import io.fleetloop.platform.support.PlatformProcess;
import io.fleetloop.platform.support.Rollouts;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform is killed with SIGKILL in the middle of a rollout (the second batch being reported, the third batch's
 * interval deadline and every batch's timeout deadline pending) and started again on the same data: the rollout
 * continues to the end, every device is updated exactly once, each batch starts exactly once (its interval deadline
 * fired once), and the counts add up in the release, the registry, the devices and the integration events.
 *
 * <p>The suite runs 300 devices; {@code -Dfleetloop.test.rollout-kill-devices=10000} runs the fleet size of the
 * reliability goal (slow on a 2-core machine: the simulated fleet shares it with the platform and its servers).
 */
class RolloutCrashRecoveryTest {

    private static final String TENANT = TestServers.OTA_TENANT;
    private static final int DEVICES = Integer.getInteger("fleetloop.test.rollout-kill-devices", 300);
    private static final int[] BATCH_SIZES = {DEVICES * 20 / 100, DEVICES * 30 / 100, DEVICES - DEVICES * 20 / 100 - DEVICES * 30 / 100};

    @Test
    void aRolloutSurvivesAKillNineMidBatchAndNoDeviceGetsTheUpdateTwice() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        try (PlatformProcess platform = PlatformProcess.start(TestServers.platformProperties("crash"), "crash")) {
            Api operator = platform.api(TENANT, Role.OTA_OPERATOR);
            String bucket = platform.property("fleetloop.objectstore.bucket");
            byte[] model = SourceBucket.randomBytes(64_000, 5);
            String artifactUri = SourceBucket.putPlatformObject(bucket, "tenants/" + TENANT + "/crash/" + run + "/model-2.bin", model);

            Rollouts.registerVehicles(operator, "c" + run + "-", 5, DEVICES, run);
            String taskId = Rollouts.createGrayRelease(operator, "2.0-" + run, artifactUri, List.of(20, 30, 50), Duration.ofSeconds(2), run);

            FleetOptions options = FleetOptions.of(URI.create(platform.baseUrl()), TENANT, TestServers.OTA_GATEWAY_TOKEN, DEVICES)
                    .withIds("c" + run + "-", 5).withFailureRate(0).withPollInterval(Duration.ofSeconds(1)).withThreads(DEVICES > 1000 ? 16 : 8)
                    .withPublicKeyPem(operator.get("/.well-known/ota-signing-key.pem").raw());
            try (KafkaTap kafka = new KafkaTap(TENANT, List.of("ota.batch-completed", "ota.closed-loop-completed"));
                 Fleet fleet = Fleet.start(options)) {
                assertThat(operator.post("/v1/release-tasks/" + taskId + "/start", null).status()).isEqualTo(202);

                // Kill it while the second batch is being reported.
                await().atMost(Duration.ofMinutes(4).plusSeconds(DEVICES / 20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    JsonNode batch = operator.get("/v1/release-tasks/" + taskId + "/batches").json("/items/1");
                    return "DEPLOYING".equals(batch.path("status").asText()) && batch.path("successCount").asInt() >= BATCH_SIZES[1] / 9;
                });
                platform.kill();
                int installedAtKill = fleet.stats().installed();
                assertThat(installedAtKill).isBetween(BATCH_SIZES[0] + 1, DEVICES - 1);
                platform.start();

                Api again = platform.api(TENANT, Role.OTA_OPERATOR, Role.AUDITOR);
                await().atMost(Duration.ofMinutes(5).plusSeconds(DEVICES / 10)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> again.get("/v1/release-tasks/" + taskId).json("/status").asText(), s -> !s.equals("RUNNING"));
                JsonNode task = again.get("/v1/release-tasks/" + taskId).body();
                assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
                assertThat(task.path("successCount").asInt()).isEqualTo(DEVICES);
                assertThat(task.path("failureCount").asInt()).isZero();
                JsonNode batches = again.get("/v1/release-tasks/" + taskId + "/batches").json("/items");
                String[] sizes = IntStream.of(BATCH_SIZES).mapToObj(String::valueOf).toArray(String[]::new);
                assertThat(batches.findValuesAsText("deviceCount")).containsExactly(sizes);
                assertThat(batches.findValuesAsText("successCount")).containsExactly(sizes);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        again.get("/v1/devices?installedVersion=2.0-" + run + "&size=1").json("/total").asInt()).isEqualTo(DEVICES));

                // The deadlines: each batch started once (the third by its interval deadline, after the restart), the
                // release completed once; in the release's own history, read through the event store.
                Rollouts.history(again, taskId).assertEachBatchOnce(3);

                await().atMost(Duration.ofSeconds(60).plusSeconds(DEVICES / 50)).untilAsserted(() -> assertThat(fleet.stats().installed())
                        .as("%s; errors %s", fleet.stats().states(), fleet.stats().errors().values().stream().limit(3).toList()).isEqualTo(DEVICES));
                FleetStats stats = fleet.stats();
                assertThat(stats.installCounts()).hasSize(DEVICES);
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
