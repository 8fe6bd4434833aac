package io.fleetloop.platform.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ddi;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Edge collection rules end to end: a COLLECT data flow created over REST reaches the devices it selects through the DDI
 * channel (versioned, ETag, 304 when unchanged), the version a device reports shows in the device registry, other devices
 * and other tenants never see it, and a bad rule is a 400 that creates nothing.
 */
class CollectionRulesEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "edge-rules-" + suffix;
    private final String otherTenant = "edge-rules-other-" + suffix;

    @Test
    void aCollectFlowReachesTheDevicesItSelectsAndTheirReportedVersionShows() throws Exception {
        Api ota = platform.api(tenant, Role.OTA_OPERATOR);
        Api engineer = platform.api(tenant, Role.DATA_ENGINEER);
        String carToken = register(ota, "car-1", "vehicle", Map.of("model", "m1", "region", "eu"));
        String robotToken = register(ota, "robot-1", "robot", Map.of("model", "m1"));
        String otherToken = register(platform.api(otherTenant, Role.OTA_OPERATOR), "car-1", "vehicle", Map.of("model", "m1", "region", "eu"));

        // Bad rules: 400 naming the field (with the expression's position, or the ring buffer's limit), nothing created.
        JsonNode badExpression = problem(engineer.post("/v1/data-flows", collectFlow("speed > && abs(yaw_rate) > 0.5", 10)));
        assertThat(badExpression.path("field").asText()).isEqualTo("flowRule.trigger.expression");
        assertThat(badExpression.toString()).contains("at line 1, column 9");
        JsonNode unknownSignal = problem(engineer.post("/v1/data-flows", collectFlow("speed > 20.0 && abs(yaw_rat) > 0.5", 10)));
        assertThat(unknownSignal.toString()).contains("column 21").contains("yaw_rat");
        JsonNode tooLong = problem(engineer.post("/v1/data-flows", collectFlow("speed > 20.0", 600)));
        assertThat(tooLong.path("field").asText()).isEqualTo("flowRule.trigger.preSeconds");
        assertThat(tooLong.toString()).contains("fleetloop.edge-collection.max-window-seconds");
        Ddi car = Ddi.target(platform, tenant, "car-1", carToken);
        JsonNode none = car.get(car.poll().json("/_links/collectionRules/href").asText()).body();
        assertThat(none.path("rules")).isEmpty();

        Api.Response created = engineer.post("/v1/data-flows", collectFlow("speed > 20.0 && abs(yaw_rate) > 0.5", 10));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String flowId = created.json("/flowId").asText();

        // The vehicle polls as always; the base links its rules; hawkBit's own links are unchanged.
        Ddi.Answer base = car.poll();
        assertThat(base.status()).isEqualTo(200);
        String rulesHref = base.json("/_links/collectionRules/href").asText();
        assertThat(rulesHref).isEqualTo(car.base() + "/collection-rules");
        HttpResponse<String> rules = get(rulesHref, "TargetToken " + carToken, null);
        assertThat(rules.statusCode()).as(rules.body()).isEqualTo(200);
        JsonNode document = JSON.readTree(rules.body());
        String version = document.path("version").asText();
        assertThat(version).isNotBlank().isNotEqualTo(none.path("version").asText());
        assertThat(rules.headers().firstValue("ETag")).contains("\"" + version + "\"");
        assertThat(document.path("rules")).hasSize(1);
        JsonNode rule = document.path("rules").get(0);
        assertThat(rule.path("id").asText()).isEqualTo(flowId);
        assertThat(rule.path("trigger").path("expression").asText()).isEqualTo("speed > 20.0 && abs(yaw_rate) > 0.5");
        assertThat(rule.path("trigger").path("kinds")).hasSize(2);
        assertThat(rule.path("trigger").path("preSeconds").asDouble()).isEqualTo(10.0);
        assertThat(rule.path("trigger").path("postSeconds").asDouble()).isEqualTo(5.0);
        assertThat(rule.path("trigger").path("rateLimit").asInt()).isEqualTo(6);
        assertThat(rule.path("compression").path("codec").asText()).isEqualTo("zstd");
        assertThat(rule.path("compression").path("targetRatio").asDouble()).isEqualTo(50.0);
        assertThat(rule.path("targetPath").asText()).isEqualTo("edge/swerves");

        // Unchanged: 304 with the same ETag, no body.
        HttpResponse<String> unchanged = get(rulesHref, "TargetToken " + carToken, "\"" + version + "\"");
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.headers().firstValue("ETag")).contains("\"" + version + "\"");
        assertThat(get(rulesHref, "TargetToken " + carToken, "\"stale\"").statusCode()).isEqualTo(200);

        // The device reports the version it runs; the registry shows it.
        assertThat(car.put(rulesHref + "/status", Map.of("version", version)).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(ota.get("/v1/devices/car-1").json("/collectionRulesVersion").asText()).isEqualTo(version));
        Api.Response graphql = ota.graphql("query($id: ID!) { device(deviceId: $id) { collectionRulesVersion } }", Map.of("id", "car-1"));
        assertThat(graphql.json("/data/device/collectionRulesVersion").asText()).as(graphql.raw()).isEqualTo(version);
        Ddi.Answer badStatus = car.put(rulesHref + "/status", Map.of("version", "not a version!"));
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json("/errors/0/field").asText()).isEqualTo("version");
        assertThat(ota.get("/v1/devices/car-1").json("/collectionRulesVersion").asText()).isEqualTo(version);

        // A device the selector leaves out, and the other tenant's device with the same id and attributes, get no rules.
        Ddi robot = Ddi.target(platform, tenant, "robot-1", robotToken);
        assertThat(robot.get(robot.poll().json("/_links/collectionRules/href").asText()).json("/rules")).isEmpty();
        Ddi other = Ddi.target(platform, otherTenant, "car-1", otherToken);
        Ddi.Answer otherRules = other.get(other.poll().json("/_links/collectionRules/href").asText());
        assertThat(otherRules.status()).isEqualTo(200);
        assertThat(otherRules.json("/rules")).isEmpty();
        assertThat(otherRules.raw()).doesNotContain(flowId);
        // Its token does not open this tenant's rules, nor this device's token the other tenant's.
        assertThat(get(rulesHref, "TargetToken " + otherToken, null).statusCode()).isEqualTo(401);
        assertThat(get(other.base() + "/collection-rules", "TargetToken " + carToken, null).statusCode()).isEqualTo(401);
        assertThat(platform.api(otherTenant, Role.DATA_ENGINEER).get("/v1/data-flows").raw()).doesNotContain(flowId);

        // The bad posts created nothing: the tenant has exactly the one flow.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode flows = engineer.get("/v1/data-flows").body();
            assertThat(flows.toString()).contains(flowId);
            assertThat(flows.findValues("flowId")).hasSize(1);
        });
    }

    private static Map<String, Object> collectFlow(String expression, double preSeconds) {
        return Map.of("name", "swerves",
                "flowRule", Map.of("trigger", Map.of("kinds", List.of("TAKEOVER", "EXPRESSION"), "expression", expression,
                        "preSeconds", preSeconds, "postSeconds", 5, "rateLimit", 6)),
                "compressionRule", Map.of("codec", "zstd", "level", 19, "targetRatio", 50),
                "targetPath", "edge/swerves",
                "deviceSelector", Map.of("deviceType", "VEHICLE", "attributes", Map.of("model", "m1")),
                "action", Map.of("type", "COLLECT"));
    }

    private static String register(Api ota, String deviceId, String type, Map<String, String> attributes) {
        Api.Response created = ota.post("/v1/devices", Map.of("deviceId", deviceId, "deviceType", type, "attributes", attributes));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.json("/securityToken").asText();
    }

    private static JsonNode problem(Api.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response.json("/errors/0");
    }

    private static HttpResponse<String> get(String href, String authorization, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(href)).header("Authorization", authorization).GET();
        if (ifNoneMatch != null) request.header("If-None-Match", ifNoneMatch);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
