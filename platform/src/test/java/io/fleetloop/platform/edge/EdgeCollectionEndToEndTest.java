package io.fleetloop.platform.edge;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.edge.collect.CollectionAgent;
import io.fleetloop.edge.collect.CollectionFleet;
import io.fleetloop.edge.ota.DdiAuth;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ddi;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Edge collection end to end (issue 14 §2–§3): a COLLECT flow created over REST; a simulated fleet of three vehicles (the
 * agent's own classes, in process) polls its rules, triggers on them while replaying generated drives, writes compressed
 * clips, uploads them straight to the object store through presigned URLs and reports {@code DataFlowTriggered}; the clips
 * are searchable in {@code GET /v1/assets} with the flow, device and trigger as attributes and lineage to the flow and the
 * device. A replayed report registers nothing twice; a wrong checksum, another tenant's path and an expired URL are refused.
 */
class EdgeCollectionEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration AT_MOST = Duration.ofSeconds(180);

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "edge-collect-" + suffix;
    private final String otherTenant = "edge-collect-other-" + suffix;

    @Test
    void aSimulatedFleetTriggersUploadsAndItsClipsAreSearchableWithLineage(@TempDir Path spool) throws Exception {
        Api ota = platform.api(tenant, Role.OTA_OPERATOR);
        Api engineer = platform.api(tenant, Role.DATA_ENGINEER);
        for (int i = 1; i <= 3; i++) {
            Api.Response created = ota.post("/v1/devices", Map.of("deviceId", "car-" + String.format("%05d", i), "deviceType", "vehicle",
                    "attributes", Map.of("model", "m1")));
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
        }
        Api.Response flow = engineer.post("/v1/data-flows", Map.of("name", "swerves",
                "flowRule", Map.of("trigger", Map.of("kinds", List.of("EXPRESSION", "TAKEOVER"),
                        "expression", "speed > 50.0 && abs(yaw_rate) > 3.0", "preSeconds", 5, "postSeconds", 3, "rateLimit", 2)),
                "compressionRule", Map.of("codec", "zstd", "level", 19, "targetRatio", 50),
                "targetPath", "edge/swerves",
                "deviceSelector", Map.of("deviceType", "VEHICLE", "attributes", Map.of("model", "m1")),
                "action", Map.of("type", "COLLECT")));
        assertThat(flow.status()).as(flow.raw()).isEqualTo(201);
        String flowId = flow.json("/flowId").asText();
        Api.Response token = ota.post("/v1/ota/gateway-token", null);
        assertThat(token.status()).as(token.raw()).isEqualTo(200);
        String gatewayToken = token.json("/gatewayToken").asText();

        CollectionFleet.Result result = CollectionFleet.run(new CollectionFleet.Options(URI.create(platform.baseUrl()), tenant,
                DdiAuth.gatewayToken(gatewayToken), 3, "car-", 5, 7, 60, 0, spool, CollectionAgent.Options.defaults(), 3, null, 10,
                1_764_000_000L), null);
        assertThat(result.errors()).isEmpty();
        assertThat(result.failed()).isZero();
        assertThat(result.triggers()).as("two swerves per car (rate limit 2 an hour)").isEqualTo(6);
        assertThat(result.reported()).isEqualTo(6);
        assertThat(result.km()).isGreaterThan(2.5);

        await().atMost(AT_MOST).pollInterval(Duration.ofMillis(200)).until(() ->
                engineer.get("/v1/assets?size=50&attribute=flowId:" + flowId).json("/total").asInt() == 6);
        JsonNode items = engineer.get("/v1/assets?size=50&attribute=flowId:" + flowId).json("/items");
        Set<String> devices = new HashSet<>();
        for (JsonNode asset : items) {
            devices.add(asset.at("/attributes/deviceid").asText());
            assertThat(asset.path("modality").asText()).isEqualTo("VEHICLE_LOG");
            assertThat(asset.path("storagePath").asText()).contains("/tenants/" + tenant + "/edge/swerves/");
            assertThat(asset.at("/attributes/triggerkind").asText()).isEqualTo("EXPRESSION");
            assertThat(asset.at("/attributes/ruleversion").asText()).isNotBlank();
        }
        assertThat(devices).containsExactlyInAnyOrder("car-00001", "car-00002", "car-00003");
        assertThat(platform.api(otherTenant, Role.DATA_ENGINEER).get("/v1/assets?attribute=flowId:" + flowId).json("/total").asInt()).isZero();

        // Lineage: the clip comes from its flow and its device.
        JsonNode clip = items.get(0);
        String assetId = clip.path("assetId").asText();
        String device = clip.at("/attributes/deviceid").asText();
        await().atMost(AT_MOST).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Api.Response graph = engineer.get("/v1/lineage/" + assetId + "?direction=upstream&depth=1");
            assertThat(graph.status()).as(graph.raw()).isEqualTo(200);
            Set<String> upstream = new HashSet<>();
            graph.body().path("nodes").forEach(n -> upstream.add(n.path("type").asText() + ":" + n.path("id").asText()));
            assertThat(upstream).contains("DATA_FLOW:" + flowId, "DEVICE:" + device, "ASSET:" + assetId);
        });

        // A replayed report: answered as reported already, nothing registered twice.
        Ddi car = Ddi.gateway(platform, tenant, device, gatewayToken);
        Map<String, Object> replay = Map.of("flowId", flowId, "triggerId", clip.at("/attributes/triggerid").asText(),
                "kind", "EXPRESSION", "triggerTime", clip.at("/attributes/triggertime").asText(),
                "ruleVersion", clip.at("/attributes/ruleversion").asText(), "storagePaths", List.of(clip.path("storagePath").asText()));
        Ddi.Answer replayed = car.post(car.base() + "/collection-triggers", replay);
        assertThat(replayed.status()).as(replayed.raw()).isEqualTo(200);
        assertThat(replayed.json("/duplicate").asBoolean()).isTrue();
        assertThat(replayed.json("/assetIds/0").asText()).isEqualTo(assetId);

        // Another tenant's path is refused, naming the field.
        String bucket = platform.property("fleetloop.objectstore.bucket");
        Ddi.Answer foreign = car.post(car.base() + "/collection-triggers", Map.of("flowId", flowId, "triggerId", "t-foreign",
                "kind", "TAKEOVER", "triggerTime", "2026-12-04T10:00:00Z", "ruleVersion", "abc",
                "storagePaths", List.of("s3://" + bucket + "/tenants/" + otherTenant + "/edge/swerves/x/signals.flsg")));
        assertThat(foreign.status()).as(foreign.raw()).isEqualTo(400);
        assertThat(foreign.json("/errors/0/field").asText()).isEqualTo("storagePaths[0]");

        // A wrong checksum: the object is deleted, 400 naming sha256, and the report for it is refused.
        byte[] content = "not what was announced".getBytes(StandardCharsets.UTF_8);
        Ddi.Answer opened = car.post(car.base() + "/collection-uploads", Map.of("flowId", flowId, "triggerId", "t-bad",
                "fileName", "signals.flsg", "size", content.length, "sha256", sha256(new byte[content.length])));
        assertThat(opened.status()).as(opened.raw()).isEqualTo(201);
        assertThat(put(opened.json("/parts/0/url").asText(), content)).isEqualTo(200);
        Ddi.Answer completed = car.post(car.base() + "/collection-uploads/" + opened.json("/uploadId").asText() + "/complete", Map.of());
        assertThat(completed.status()).as(completed.raw()).isEqualTo(400);
        assertThat(completed.json("/errors/0/field").asText()).isEqualTo("sha256");
        Ddi.Answer badReport = car.post(car.base() + "/collection-triggers", Map.of("flowId", flowId, "triggerId", "t-bad",
                "kind", "TAKEOVER", "triggerTime", "2026-12-04T10:00:00Z", "ruleVersion", "abc",
                "storagePaths", List.of(opened.json("/storagePath").asText())));
        assertThat(badReport.status()).isEqualTo(400);

        // A presigned URL used after it expired: the store refuses it.
        Ddi.Answer shortLived = car.post(car.base() + "/collection-uploads", Map.of("flowId", flowId, "triggerId", "t-late",
                "fileName", "signals.flsg", "size", content.length, "sha256", sha256(content), "urlExpirySeconds", 1));
        assertThat(shortLived.status()).as(shortLived.raw()).isEqualTo(201);
        Instant expiresAt = Instant.parse(shortLived.json("/expiresAt").asText());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> Instant.now().isAfter(expiresAt.plusSeconds(1)));
        assertThat(put(shortLived.json("/parts/0/url").asText(), content)).isEqualTo(403);
        // Opened again, fresh URLs: the upload goes through.
        Ddi.Answer reopened = car.post(car.base() + "/collection-uploads", Map.of("flowId", flowId, "triggerId", "t-late",
                "fileName", "signals.flsg", "size", content.length, "sha256", sha256(content)));
        assertThat(reopened.status()).isEqualTo(200);
        assertThat(reopened.json("/uploadId").asText()).isEqualTo(shortLived.json("/uploadId").asText());
        assertThat(put(reopened.json("/parts/0/url").asText(), content)).isEqualTo(200);
        assertThat(car.post(car.base() + "/collection-uploads/" + reopened.json("/uploadId").asText() + "/complete", Map.of()).status())
                .isEqualTo(200);

        // Another tenant's device token does not open this tenant's collection resources.
        assertThat(Ddi.gateway(platform, otherTenant, device, gatewayToken).post(
                platform.baseUrl() + "/" + otherTenant + "/controller/v1/" + device + "/collection-triggers", replay).status()).isEqualTo(401);

        assertThat(engineer.get("/v1/assets?size=50&attribute=flowId:" + flowId).json("/total").asInt()).as("nothing registered twice").isEqualTo(6);
    }

    private static int put(String url, byte[] bytes) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
