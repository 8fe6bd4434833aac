package io.fleetloop.platform.ota;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.ModelReadyWebhook;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import io.minio.PutObjectArgs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The training platform's model-ready webhook (HMAC, idempotent per version, artifact checked) and the release-task REST API. */
class ReleaseTaskEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TENANT = TestServers.OTA_TENANT;

    private final RunningPlatform platform = RunningPlatform.shared();
    private final Api operator = platform.api(TENANT, Role.OTA_OPERATOR);

    @Test
    void theModelReadyWebhookCreatesOneReleasePerVersionAndOnlyWhenSigned() throws Exception {
        byte[] model = SourceBucket.randomBytes(300_000, 77);
        String key = "tenants/" + TENANT + "/models/planner-v2.1.0.bin";
        String bucket = platform.property("fleetloop.objectstore.bucket");
        SourceBucket.platformClient().putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(model), model.length, -1).build());
        String previousKey = "tenants/" + TENANT + "/models/planner-v2.0.3.bin";
        SourceBucket.platformClient().putObject(PutObjectArgs.builder().bucket(bucket).object(previousKey)
                .stream(new ByteArrayInputStream(model, 0, 1000), 1000, -1).build());
        String payload = JSON.writeValueAsString(Map.of("versionId", "v2.1.0", "artifactUri", "s3://" + bucket + "/" + key,
                "artifactType", "SOTA", "targetDeviceType", "vehicle", "previousVersionId", "v2.0.3",
                "previousArtifactUri", "s3://" + bucket + "/" + previousKey,
                "grayPolicy", Map.of("batchPercentages", List.of(10, 20, 70), "intervalHours", 0.5, "deviceFilter", Map.of("region", "eu"))));
        long now = Instant.now().getEpochSecond();

        assertThat(webhook(payload, null, null).statusCode()).isEqualTo(401);
        assertThat(webhook(payload, now, "sha256=" + "0".repeat(64)).statusCode()).isEqualTo(401);
        assertThat(webhook(payload, now - 3600, sign(now - 3600, payload)).statusCode()).as("stale").isEqualTo(401);
        assertThat(operator.get("/v1/release-tasks?size=100").raw()).as("nothing created").doesNotContain("v2.1.0");

        HttpResponse<String> created = webhook(payload, now, sign(now, payload));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String taskId = JSON.readTree(created.body()).path("taskId").asText();
        HttpResponse<String> again = webhook(payload, now, sign(now, payload));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("taskId").asText()).isEqualTo(taskId);
        assertThat(JSON.readTree(again.body()).path("duplicate").asBoolean()).isTrue();

        String missing = payload.replace("planner-v2.1.0.bin", "nope.bin").replace("v2.1.0", "v2.1.1");
        HttpResponse<String> refused = webhook(missing, now, sign(now, missing));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("artifactUri");
        String foreign = payload.replace("tenants/" + TENANT, "tenants/someone-else").replace("v2.1.0", "v2.1.2");
        assertThat(webhook(foreign, now, sign(now, foreign)).statusCode()).isEqualTo(400);

        await().atMost(Duration.ofSeconds(30)).until(() -> operator.get("/v1/release-tasks/" + taskId).status() == 200);
        var task = operator.get("/v1/release-tasks/" + taskId).body();
        assertThat(task.path("status").asText()).isEqualTo("DRAFT");
        assertThat(task.path("versionId").asText()).isEqualTo("v2.1.0");
        assertThat(task.path("targetDeviceType").asText()).isEqualTo("VEHICLE");
        assertThat(task.path("artifactSizeBytes").asLong()).isEqualTo(model.length);
        assertThat(task.path("artifactSha256").asText()).isEqualTo(SourceBucket.sha256(model));
        assertThat(task.at("/grayPolicy/intervalHours").asDouble()).isEqualTo(0.5);
        assertThat(operator.get("/v1/release-tasks?size=100").json("/items").findValuesAsText("versionId").stream()
                .filter("v2.1.0"::equals)).hasSize(1);
        assertThat(operator.get("/v1/release-tasks/" + taskId + "/batches").json("/items")).isEmpty();
        var audit = platform.api(TENANT, Role.AUDITOR).get("/v1/audit-records?resourceId=" + taskId).body();
        assertThat(audit.at("/items/0/operator").asText()).isEqualTo("webhook:training-platform");

        // Integration event and metric.
        try (io.fleetloop.platform.support.KafkaTap kafka = new io.fleetloop.platform.support.KafkaTap(TENANT, List.of("ota.release-created"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.on("ota.release-created").stream().anyMatch(r -> r.key().equals(taskId)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/actuator/prometheus"))
                        .header("Authorization", "Bearer " + platform.token("metrics", java.util.List.of(TENANT), io.fleetloop.api.governance.Role.PLATFORM_ADMIN))
                        .GET().build(), HttpResponse.BodyHandlers.ofString()).body()
                .lines().anyMatch(l -> l.startsWith("release_tasks_total{") && l.contains("tenant=\"" + TENANT + "\"")));

        // Operator actions on a release that has not started are conflicts; other roles are refused.
        assertThat(operator.post("/v1/release-tasks/" + taskId + "/pause", null).status()).isEqualTo(409);
        assertThat(operator.post("/v1/release-tasks/" + taskId + "/rollback", null).status()).isEqualTo(409);
        assertThat(platform.api(TENANT, Role.QC_REVIEWER).get("/v1/release-tasks").status()).isEqualTo(403);
        assertThat(platform.api(TENANT, Role.DATA_ENGINEER).post("/v1/release-tasks/" + taskId + "/rollback", null).status()).isEqualTo(403);
        assertThat(platform.api("other-ota", Role.OTA_OPERATOR).get("/v1/release-tasks/" + taskId).status()).isEqualTo(404);
        assertThat(platform.api("other-ota", Role.OTA_OPERATOR).post("/v1/release-tasks/" + taskId + "/start",
                Map.of("deviceIds", List.of("car-1"))).status()).isEqualTo(404);

        // Start over 20 named registered devices: batches of 2, 4 and 14 are fixed; the first deploys.
        assertThat(operator.post("/v1/release-tasks/" + taskId + "/start", Map.of("deviceIds", List.of("bad id!"))).status()).isEqualTo(400);
        List<String> devices = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "car-" + i).toList();
        Api.Response unregistered = operator.post("/v1/release-tasks/" + taskId + "/start", Map.of("deviceIds", devices));
        assertThat(unregistered.status()).isEqualTo(400);
        assertThat(unregistered.raw()).contains("are not registered VEHICLE devices");
        assertThat(operator.post("/v1/devices/bulk", devices.stream().map(id -> Map.of("deviceId", id, "deviceType", "VEHICLE",
                "attributes", Map.of("region", "eu"))).toList()).status()).isEqualTo(200);
        assertThat(operator.post("/v1/release-tasks/" + taskId + "/start", Map.of("deviceIds", devices)).status()).isEqualTo(202);
        assertThat(operator.post("/v1/release-tasks/" + taskId + "/start", Map.of("deviceIds", devices)).status()).isEqualTo(409);
        await().atMost(Duration.ofSeconds(30)).until(() -> operator.get("/v1/release-tasks/" + taskId + "/batches").json("/items").size() == 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DEPLOYING".equals(
                operator.get("/v1/release-tasks/" + taskId + "/batches").json("/items/0/status").asText()));
        var batches = operator.get("/v1/release-tasks/" + taskId + "/batches").json("/items");
        assertThat(batches.findValuesAsText("deviceCount")).containsExactly("2", "4", "14");
        assertThat(operator.get("/v1/release-tasks/" + taskId).json("/totalDevices").asInt()).isEqualTo(20);
        assertThat(operator.post("/v1/release-tasks/" + taskId + "/batches/1/start", null).status())
                .as("batch 2 waits for batch 1 to close").isEqualTo(409);

        assertThat(operator.post("/v1/release-tasks/" + taskId + "/pause", Map.of("reason", "weekend")).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PAUSED".equals(operator.get("/v1/release-tasks/" + taskId).json("/status").asText()));
        assertThat(operator.post("/v1/release-tasks/" + taskId + "/resume", null).status()).isEqualTo(202);
        assertThat(operator.post("/v1/release-tasks/" + taskId + "/rollback", Map.of("reason", "lane keeping regression")).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> "ROLLED_BACK".equals(operator.get("/v1/release-tasks/" + taskId).json("/status").asText()));
        assertThat(operator.get("/v1/release-tasks/" + taskId).json("/statusReason").asText()).contains("lane keeping regression");
        await().atMost(Duration.ofSeconds(30)).until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/actuator/prometheus"))
                        .header("Authorization", "Bearer " + platform.token("metrics", java.util.List.of(TENANT), io.fleetloop.api.governance.Role.PLATFORM_ADMIN))
                        .GET().build(), HttpResponse.BodyHandlers.ofString()).body()
                .lines().anyMatch(l -> l.startsWith("rollbacks_triggered_total{") && l.contains("tenant=\"" + TENANT + "\"")));
    }

    @Test
    void operatorsCreateReleasesOverRestWithAValidPolicy() throws Exception {
        byte[] firmware = SourceBucket.randomBytes(10_000, 78);
        String key = "tenants/" + TENANT + "/firmware/ecu-7.bin";
        String bucket = platform.property("fleetloop.objectstore.bucket");
        SourceBucket.platformClient().putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(firmware), firmware.length, -1).build());
        Map<String, Object> bad = Map.of("releaseType", "FOTA", "versionId", "ecu-7", "artifactUri", "s3://" + bucket + "/" + key,
                "targetDeviceType", "robot", "grayPolicy", Map.of("batchPercentages", List.of(50, 40)));
        Api.Response refused = operator.post("/v1/release-tasks", bad);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json("/errors/0/field").asText()).isEqualTo("grayPolicy.batchPercentages");
        Map<String, Object> good = Map.of("releaseType", "FOTA", "versionId", "ecu-7", "artifactUri", "s3://" + bucket + "/" + key,
                "targetDeviceType", "robot", "grayPolicy", Map.of("batchPercentages", List.of(50, 50), "interval", "PT20M"));
        Api.Response created = operator.post("/v1/release-tasks", good);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
    }

    private static HttpResponse<String> webhook(String body, Long timestamp, String signature) {
        return ModelReadyWebhook.send(RunningPlatform.shared(), body, timestamp, signature);
    }

    private static String sign(long timestamp, String body) {
        return ModelReadyWebhook.sign(timestamp, body);
    }
}
