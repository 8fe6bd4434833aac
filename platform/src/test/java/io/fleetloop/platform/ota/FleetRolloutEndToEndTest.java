package io.fleetloop.platform.ota;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.edge.ota.Fleet;
import io.fleetloop.edge.ota.FleetOptions;
import io.fleetloop.edge.ota.FleetStats;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.KafkaTap;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "done when", with the edge agent's fleet simulator as the devices: a rollout over 1,000 devices in
 * batches of 10/20/70 with the interval between them ends with the devices on the new version; a failure rate above
 * the threshold in the first batch pauses the rollout, and the rollback returns the updated devices to the previous
 * version. Metrics and Kafka topics carry the counts.
 */
class FleetRolloutEndToEndTest {

    private static final String TENANT = TestServers.FLEET_TENANT;
    private static final Duration ROLLOUT = Duration.ofMinutes(8);

    private final RunningPlatform platform = RunningPlatform.shared();
    private final Api operator = platform.api(TENANT, Role.OTA_OPERATOR);
    private String rollbackTask;
    private int rolledBackDevices;

    @Test
    void aThousandDevicesUpdateInBatchesWithTheIntervalBetweenThemAndAFailingFirstBatchPausesUntilRolledBack() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String bucket = platform.property("fleetloop.objectstore.bucket");
        String v1 = upload(bucket, "fleet/" + run + "/planner-1.bin", SourceBucket.randomBytes(8_000, 10));
        String v2 = upload(bucket, "fleet/" + run + "/planner-2.bin", SourceBucket.randomBytes(16_000, 20));
        String publicKey = platform.anonymous().get("/.well-known/ota-signing-key.pem").raw();

        // 1,000 vehicles of this run on v1, registered from a CSV file.
        String prefix = "f" + run + "-";
        StringBuilder csv = new StringBuilder("deviceId,deviceType,installedVersion,attr.fleet\n");
        IntStream.rangeClosed(1, 1000).forEach(i -> csv.append(String.format("%s%04d,VEHICLE,1.0-%s,%s%n", prefix, i, run, run)));
        Api.Response registered = operator.postText("/v1/devices/bulk", "text/csv", csv.toString());
        assertThat(registered.status()).as(registered.raw()).isEqualTo(200);
        assertThat(registered.json("/registered").asInt()).isEqualTo(1000);

        FleetOptions options = FleetOptions.of(URI.create(platform.baseUrl()), TENANT, TestServers.FLEET_GATEWAY_TOKEN, 1000)
                .withIds(prefix, 4).withPublicKeyPem(publicKey).withFailureRate(0.01).withPollInterval(Duration.ofSeconds(3))
                .withThreads(16).withSeed(7);
        try (KafkaTap kafka = new KafkaTap(TENANT, List.of("ota.release-created", "ota.batch-completed", "ota.closed-loop-completed"));
             Fleet fleet = Fleet.start(options)) {
            String taskId = release("2.0-" + run, v2, "1.0-" + run, v1, run, List.of(10, 20, 70), "PT4S", 0.9, 0.1);
            assertThat(operator.post("/v1/release-tasks/" + taskId + "/start", null).status()).isEqualTo(202);
            await().atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> operator.get("/v1/release-tasks/" + taskId).json("/status").asText(), s -> !s.equals("RUNNING"));
            JsonNode task = operator.get("/v1/release-tasks/" + taskId).body();
            assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");

            JsonNode batches = operator.get("/v1/release-tasks/" + taskId + "/batches").json("/items");
            assertThat(batches.findValuesAsText("deviceCount")).containsExactly("100", "200", "700");
            assertThat(batches.findValuesAsText("status")).containsExactly("COMPLETED", "COMPLETED", "COMPLETED");
            for (int i = 1; i < 3; i++) {
                Instant previousClosed = Instant.parse(batches.get(i - 1).path("completedAt").asText());
                Instant started = Instant.parse(batches.get(i).path("startedAt").asText());
                assertThat(Duration.between(previousClosed, started)).as("batch %d waits the interval", i + 1).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
            }
            int succeeded = task.path("successCount").asInt();
            int failed = task.path("failureCount").asInt();
            assertThat(succeeded + failed).isEqualTo(1000);
            assertThat(failed).isLessThanOrEqualTo(50);

            // The devices, the registry and the release agree.
            await().atMost(Duration.ofSeconds(60)).until(() -> fleet.stats().installed() + fleet.stats().failed() == 1000);
            FleetStats stats = fleet.stats();
            assertThat(stats.installed()).isEqualTo(succeeded);
            assertThat(stats.refusals()).isEmpty();
            assertThat(stats.installedVersions().values().stream().filter(("2.0-" + run)::equals).count()).isEqualTo(succeeded);
            assertThat(operator.get("/v1/devices?installedVersion=2.0-" + run + "&size=1").json("/total").asInt()).isEqualTo(succeeded);
            assertThat(operator.get("/v1/devices?installedVersion=1.0-" + run + "&size=1").json("/total").asInt()).isEqualTo(failed);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(kafka.on("ota.batch-completed").stream().filter(r -> r.key().equals(taskId))).hasSize(3);
                assertThat(kafka.on("ota.closed-loop-completed").stream().filter(r -> r.key().equals(taskId))).hasSize(1);
            });
            assertThat(kafka.on("ota.release-created").stream().filter(r -> r.key().equals(taskId))).hasSize(1);

            // A release the first batch fails: half of the devices fail their health check → automatic pause.
            FleetOptions failing = options.withFailureRate(0.5).withSeed(11);
            fleet.close();
            try (Fleet flaky = Fleet.start(failing)) {
                String badTask = release("3.0-" + run, v1, "2.0-" + run, v2, run, List.of(10, 90), "PT0S", 0.9, 0.1);
                assertThat(operator.post("/v1/release-tasks/" + badTask + "/start", null).status()).isEqualTo(202);
                await().atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1))
                        .until(() -> operator.get("/v1/release-tasks/" + badTask).json("/status").asText(), s -> !s.equals("RUNNING"));
                JsonNode paused = operator.get("/v1/release-tasks/" + badTask).body();
                assertThat(paused.path("status").asText()).as(paused.toString()).isEqualTo("PAUSED");
                assertThat(paused.path("statusReason").asText()).contains("automatic pause").contains("error threshold");
                JsonNode badBatches = operator.get("/v1/release-tasks/" + badTask + "/batches").json("/items");
                assertThat(badBatches.get(0).path("status").asText()).isEqualTo("FAILED");
                assertThat(badBatches.get(1).path("status").asText()).as("the second batch never starts").isEqualTo("PENDING");
                int eligible = paused.path("totalDevices").asInt();
                assertThat(eligible).as("no device of the run is on 3.0 yet").isEqualTo(1000);
                int updated = badBatches.get(0).path("successCount").asInt();
                assertThat(updated).isPositive();
                await().atMost(Duration.ofSeconds(60)).until(() -> operator.get("/v1/devices?installedVersion=3.0-" + run + "&size=1")
                        .json("/total").asInt() == updated);
                rollbackTask = badTask;
                rolledBackDevices = updated;
            }
            // Rollback (the devices healthy again): those that installed 3.0 get 2.0 back as a fresh signed release and report it.
            String badTask = rollbackTask;
            try (Fleet recovered = Fleet.start(options.withFailureRate(0))) {
                assertThat(operator.post("/v1/release-tasks/" + badTask + "/rollback", Map.of("reason", "health checks")).status()).isEqualTo(202);
                await().atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1)).until(() ->
                        operator.get("/v1/devices?installedVersion=3.0-" + run + "&size=1").json("/total").asInt() == 0);
                assertThat(operator.get("/v1/release-tasks/" + badTask).json("/status").asText()).isEqualTo("ROLLED_BACK");
                assertThat(recovered.stats().installedVersions().values().stream().filter(("2.0-" + run)::equals).count())
                        .isEqualTo(rolledBackDevices);
            }
        }

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/actuator/prometheus"))
                        .header("Authorization", "Bearer " + platform.token("metrics", java.util.List.of(TENANT), io.fleetloop.api.governance.Role.PLATFORM_ADMIN)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metric(metrics, "release_tasks_total")).isEqualTo(2);
        assertThat(metric(metrics, "deployment_batches_completed_total")).isEqualTo(4);
        assertThat(metric(metrics, "rollbacks_triggered_total")).isEqualTo(1);
        assertThat(metric(metrics, "deployment_devices_success_total")).isGreaterThanOrEqualTo(950);
    }

    private String release(String version, String artifact, String previous, String previousArtifact, String run, List<Integer> batches,
                           String interval, double success, double error) {
        Api.Response created = operator.post("/v1/release-tasks", Map.of("releaseType", "DOTA", "versionId", version, "artifactUri", artifact,
                "targetDeviceType", "vehicle", "previousVersionId", previous, "previousArtifactUri", previousArtifact,
                "grayPolicy", Map.of("batchPercentages", batches, "interval", interval, "successThreshold", success, "errorThreshold", error,
                        "batchTimeout", "PT5M", "deviceFilter", Map.of("fleet", run))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.json("/taskId").asText();
    }

    private static double metric(String prometheus, String name) {
        return prometheus.lines().filter(l -> l.startsWith(name + "{") && l.contains("tenant=\"" + TENANT + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String upload(String bucket, String path, byte[] bytes) {
        return SourceBucket.putPlatformObject(bucket, "tenants/" + TENANT + "/" + path, bytes);
    }
}
