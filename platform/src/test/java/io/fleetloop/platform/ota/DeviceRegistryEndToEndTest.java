package io.fleetloop.platform.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The OTA device registry over REST: single and bulk registration (CSV, JSON, NDJSON), listing and filters, attributes, tenants. */
class DeviceRegistryEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "devices-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api operator = platform.api(tenant, Role.OTA_OPERATOR);

    @Test
    void oneDeviceIsRegisteredOnceWithATokenShownOnlyThen() {
        Api.Response created = operator.post("/v1/devices", Map.of("deviceId", "car-0001", "deviceType", "vehicle",
                "attributes", Map.of("region", "eu", "model", "m3"), "installedVersion", "v1.0.0"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.json("/deviceId").asText()).isEqualTo("car-0001");
        String token = created.json("/securityToken").asText();
        assertThat(token).hasSize(43);

        Api.Response again = operator.post("/v1/devices", Map.of("deviceId", "car-0001", "deviceType", "vehicle"));
        assertThat(again.status()).as(again.raw()).isEqualTo(409);
        assertThat(again.json("/code").asText()).isEqualTo("DUPLICATE");

        Api.Response chosen = operator.post("/v1/devices", Map.of("deviceId", "car-0002", "deviceType", "VEHICLE", "securityToken", "my-own-token-0123456789"));
        assertThat(chosen.status()).isEqualTo(201);
        assertThat(chosen.json("/securityToken").asText()).isEqualTo("my-own-token-0123456789");

        eventually(() -> {
            Api.Response device = operator.get("/v1/devices/car-0001");
            assertThat(device.status()).isEqualTo(200);
            assertThat(device.json("/deviceType").asText()).isEqualTo("VEHICLE");
            assertThat(device.json("/attributes/region").asText()).isEqualTo("eu");
            assertThat(device.json("/installedVersion").asText()).isEqualTo("v1.0.0");
            assertThat(device.json("/attributesReported").asBoolean()).isFalse();
            assertThat(device.raw()).doesNotContain(token).doesNotContainIgnoringCase("token");
            assertThat(operator.get("/v1/devices").raw()).doesNotContainIgnoringCase("token");
        });

        // Bad input: 400 problems naming the field, nothing registered.
        assertThat(field(operator.post("/v1/devices", Map.of("deviceId", "bad id!", "deviceType", "vehicle")))).isEqualTo("deviceId");
        assertThat(field(operator.post("/v1/devices", Map.of("deviceId", "car-x", "deviceType", "toaster")))).isEqualTo("deviceType");
        assertThat(field(operator.post("/v1/devices", Map.of("deviceId", "car-x")))).isEqualTo("deviceType");
        assertThat(field(operator.post("/v1/devices", Map.of("deviceId", "car-x", "deviceType", "robot", "securityToken", "short")))).isEqualTo("securityToken");
        assertThat(field(operator.post("/v1/devices", Map.of("deviceId", "car-x", "deviceType", "robot", "attributes", Map.of("bad key", "v")))))
                .isEqualTo("attributes");
        assertThat(field(operator.post("/v1/devices", Map.of("deviceId", "car-x", "deviceType", "robot", "attributes", Map.of("note", "x".repeat(257))))))
                .isEqualTo("attributes.note");
        Map<String, String> many = IntStream.range(0, 65).boxed().collect(Collectors.toMap(i -> "k" + i, i -> "v"));
        assertThat(field(operator.post("/v1/devices", Map.of("deviceId", "car-x", "deviceType", "robot", "attributes", many)))).isEqualTo("attributes");
        assertThat(operator.get("/v1/devices/car-x").status()).isEqualTo(404);

        // Attributes: merge, replace, remove; the device's first report marks it as reported.
        Api.Response merged = operator.put("/v1/devices/car-0001/attributes", Map.of("mode", "merge", "data", Map.of("region", "us", "hw", "rev-b")));
        assertThat(merged.status()).as(merged.raw()).isEqualTo(200);
        assertThat(merged.json("/attributes")).isEqualTo(JSON.valueToTree(Map.of("region", "us", "model", "m3", "hw", "rev-b")));
        eventually(() -> {
            assertThat(operator.get("/v1/devices/car-0001").json("/attributesReported").asBoolean()).isTrue();
            assertThat(operator.get("/v1/devices?attr.hw=rev-b").json("/total").asInt()).isEqualTo(1);
        });
        assertThat(operator.put("/v1/devices/car-0001/attributes", Map.of("mode", "remove", "data", Map.of("hw", ""))).json("/attributes"))
                .isEqualTo(JSON.valueToTree(Map.of("region", "us", "model", "m3")));
        assertThat(operator.put("/v1/devices/car-0001/attributes", Map.of("mode", "replace", "data", Map.of("lane", "fast"))).json("/attributes"))
                .isEqualTo(JSON.valueToTree(Map.of("lane", "fast")));
        eventually(() -> assertThat(operator.get("/v1/devices/car-0001").json("/attributes")).isEqualTo(JSON.valueToTree(Map.of("lane", "fast"))));
        assertThat(operator.put("/v1/devices/car-0001/attributes", Map.of("mode", "sideways", "data", Map.of())).status()).isEqualTo(400);
        assertThat(field(operator.put("/v1/devices/car-0001/attributes", Map.of("mode", "merge", "data", Map.of("bad key", "v"))))).isEqualTo("data");
        assertThat(operator.put("/v1/devices/nope-1/attributes", Map.of("mode", "merge", "data", Map.of("a", "b"))).status()).isEqualTo(404);

        // Another tenant sees nothing of it, cannot change it, and has its own namespace of device ids.
        Api other = platform.api("devices-other-" + UUID.randomUUID().toString().substring(0, 8), Role.OTA_OPERATOR);
        assertThat(other.get("/v1/devices").json("/total").asInt()).isZero();
        assertThat(other.get("/v1/devices/car-0001").status()).isEqualTo(404);
        assertThat(other.put("/v1/devices/car-0001/attributes", Map.of("mode", "replace", "data", Map.of())).status()).isEqualTo(404);
        assertThat(other.post("/v1/devices", Map.of("deviceId", "car-0001", "deviceType", "robot")).status()).isEqualTo(201);
        eventually(() -> assertThat(operator.get("/v1/devices/car-0001").json("/deviceType").asText()).isEqualTo("VEHICLE"));

        // Roles.
        assertThat(platform.api(tenant, Role.AUDITOR).get("/v1/devices/car-0001").status()).isEqualTo(200);
        assertThat(platform.api(tenant, Role.AUDITOR).post("/v1/devices", Map.of("deviceId", "aud-1", "deviceType", "robot")).status()).isEqualTo(403);
        assertThat(platform.api(tenant, Role.QC_REVIEWER).get("/v1/devices").status()).isEqualTo(403);
    }

    @Test
    void fleetsAreRegisteredInBulkFromCsvJsonAndNdjson() throws Exception {
        StringBuilder csv = new StringBuilder("deviceId,deviceType,installedVersion,attr.region,attr.model\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append(String.format("robot-%05d,robot,%s,%s,\"arm, %s\"%n", i, i % 4 == 0 ? "v1" : "v2", i % 2 == 0 ? "eu" : "us", i % 3));
        }
        long start = System.nanoTime();
        JsonNode fromCsv = bulk("text/csv", csv.toString(), 200);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[device-registry] bulk CSV: 10000 devices in %.2f s = %.0f devices/s%n", seconds, 10_000 / seconds);
        assertThat(fromCsv.path("registered").asInt()).isEqualTo(10_000);
        assertThat(fromCsv.path("alreadyRegisteredCount").asInt()).isZero();
        assertThat(fromCsv.path("tokens")).hasSize(10_000);
        assertThat(new HashSet<>(fromCsv.path("tokens").findValuesAsText("securityToken"))).hasSize(10_000);

        List<Map<String, Object>> machines = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            machines.add(Map.of("deviceId", "press-" + i, "deviceType", "industrial", "attributes", Map.of("plant", i < 100 ? "north" : "south")));
        }
        start = System.nanoTime();
        JsonNode fromJson = bulk("application/json", JSON.writeValueAsString(machines), 200);
        seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[device-registry] bulk JSON: 1000 devices in %.2f s = %.0f devices/s%n", seconds, 1_000 / seconds);
        assertThat(fromJson.path("registered").asInt()).isEqualTo(1_000);

        // Sent again with five new ones: the known ids are reported, not failed, and keep their tokens.
        List<Map<String, Object>> resent = new ArrayList<>(machines);
        for (int i = 1_000; i < 1_005; i++) resent.add(Map.of("deviceId", "press-" + i, "deviceType", "industrial"));
        JsonNode again = bulk("application/json", JSON.writeValueAsString(resent), 200);
        assertThat(again.path("registered").asInt()).isEqualTo(5);
        assertThat(again.path("alreadyRegisteredCount").asInt()).isEqualTo(1_000);
        assertThat(again.path("alreadyRegistered")).hasSize(100);
        assertThat(again.path("alreadyRegistered").get(0).asText()).isEqualTo("press-0");
        assertThat(again.path("tokens").findValuesAsText("deviceId")).containsExactly("press-1000", "press-1001", "press-1002", "press-1003", "press-1004");

        JsonNode fromNdjson = bulk("application/x-ndjson", """
                {"deviceId":"arm-1","deviceType":"robot","attributes":{"region":"eu"}}

                {"deviceId":"arm-2","deviceType":"robot","securityToken":"arm-2-chosen-token-xyz"}
                """, 200);
        assertThat(fromNdjson.path("registered").asInt()).isEqualTo(2);
        assertThat(fromNdjson.at("/tokens/1/securityToken").asText()).isEqualTo("arm-2-chosen-token-xyz");

        // One bad row refuses the whole request, naming the row; nothing of it is created.
        StringBuilder bad = new StringBuilder("deviceId,deviceType,attr.region\n");
        for (int i = 0; i < 50; i++) bad.append(i == 29 ? "bad id!,robot,eu\n" : "late-" + i + ",robot,eu\n");
        JsonNode refused = bulk("text/csv", bad.toString(), 400);
        assertThat(refused.path("detail").asText()).contains("line 31").contains("deviceId");
        assertThat(refused.path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(operator.get("/v1/devices?q=late-").json("/total").asInt()).isZero();
        assertThat(bulk("text/csv", "deviceId,deviceType\nlate-1,robot\nlate-2,drone\n", 400).path("detail").asText()).contains("line 3");
        assertThat(bulk("text/csv", "deviceId,deviceType,colour\nlate-1,robot,red\n", 400).path("detail").asText()).contains("colour");
        assertThat(bulk("text/csv", "deviceId,deviceType\nlate-1,robot\nlate-1,robot\n", 400).path("detail").asText()).contains("line 3").contains("line 2");
        assertThat(bulk("application/json", "[{\"deviceId\":\"late-1\",\"deviceType\":\"robot\"},{\"deviceId\":\"late 2\",\"deviceType\":\"robot\"}]", 400)
                .path("detail").asText()).contains("[1].deviceId");
        assertThat(bulk("application/json", "{\"deviceId\":\"late-1\"}", 400).path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(bulk("application/x-ndjson", "{\"deviceId\":\"late-1\",\"deviceType\":\"robot\"}\n{nope\n", 400).path("detail").asText()).contains("line 2");
        assertThat(operator.get("/v1/devices?q=late").json("/total").asInt()).isZero();

        // Listing and filters (the registry is a read model: wait until it has caught up with the registrations).
        eventually(() -> assertThat(operator.get("/v1/devices").json("/total").asInt()).isEqualTo(10_000 + 1_005 + 2));
        assertThat(operator.get("/v1/devices?deviceType=robot").json("/total").asInt()).isEqualTo(10_002);
        assertThat(operator.get("/v1/devices?deviceType=robot&attr.region=eu").json("/total").asInt()).isEqualTo(5_001);
        assertThat(operator.get("/v1/devices?deviceType=robot&attr.region=eu&attr.model=arm,%200").json("/total").asInt())
                .isEqualTo(IntStream.range(0, 10_000).filter(i -> i % 2 == 0 && i % 3 == 0).count());
        assertThat(operator.get("/v1/devices?installedVersion=v1").json("/total").asInt()).isEqualTo(2_500);
        assertThat(operator.get("/v1/devices?deviceType=industrial&attr.plant=north").json("/total").asInt()).isEqualTo(100);
        Api.Response page = operator.get("/v1/devices?q=robot-0001&size=5&page=1");
        assertThat(page.json("/total").asInt()).isEqualTo(10);
        assertThat(page.json("/items").findValuesAsText("deviceId")).containsExactly("robot-00015", "robot-00016", "robot-00017", "robot-00018", "robot-00019");
        assertThat(page.json("/items/0/attributes/model").asText()).isEqualTo("arm, 0");
        assertThat(operator.get("/v1/devices?deviceType=drone").status()).isEqualTo(400);
        assertThat(operator.get("/v1/devices?size=501").status()).isEqualTo(400);

        // Another tenant sees none of them; the same ids are free there.
        Api other = platform.api("devices-other-" + UUID.randomUUID().toString().substring(0, 8), Role.OTA_OPERATOR);
        assertThat(other.get("/v1/devices?deviceType=robot").json("/total").asInt()).isZero();
        assertThat(other.get("/v1/devices/robot-00001").status()).isEqualTo(404);
        JsonNode theirs = bulkAs(other, "application/json", JSON.writeValueAsString(machines.subList(0, 10)), 200);
        assertThat(theirs.path("registered").asInt()).isEqualTo(10);
        assertThat(theirs.path("alreadyRegisteredCount").asInt()).isZero();
    }

    private JsonNode bulk(String contentType, String body, int expectedStatus) throws Exception {
        return bulkAs(operator, contentType, body, expectedStatus);
    }

    private JsonNode bulkAs(Api api, String contentType, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/v1/devices/bulk"))
                .header("Content-Type", contentType).header("Authorization", "Bearer " + api.token())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body().substring(0, Math.min(2000, response.body().length()))).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    private static String field(Api.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response.json("/errors/0/field").asText();
    }

    /** Reads are eventually consistent: the device registry is a tracking projection. */
    private static void eventually(Runnable assertion) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(assertion::run);
    }
}
