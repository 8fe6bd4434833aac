package io.fleetloop.platform.ota;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ddi;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import java.util.Arrays;

/**
 * Devices speak hawkBit DDI v1 to the platform: token auth, base poll, deploymentBase with a signed manifest,
 * ranged artifact download, feedback that drives the gray batches, cancel on rollback and the rollback itself as a
 * fresh signed release, ending with every device's installed version as the registry shows it.
 */
class DeviceProtocolEndToEndTest {

    private static final String TENANT = TestServers.OTA_TENANT;

    private final RunningPlatform platform = RunningPlatform.shared();
    private final Api operator = platform.api(TENANT, Role.OTA_OPERATOR);

    @Test
    void devicesPollDownloadVerifyAndReportAndTheBatchesFollow() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String bucket = platform.property("fleetloop.objectstore.bucket");
        byte[] v1 = SourceBucket.randomBytes(50_000, 1);
        byte[] v2 = SourceBucket.randomBytes(180_000, 2);
        String v1Uri = upload(bucket, "models/" + run + "/perception-v1.bin", v1);
        String v2Uri = upload(bucket, "models/" + run + "/perception-v2.bin", v2);

        // Four devices of the fleet "ddi-<run>" on v1 and one robot that must not be chosen.
        List<Map<String, Object>> fleet = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fleet.add(device("car-" + run + "-" + i, "VEHICLE", Map.of("fleet", "ddi-" + run), "v1-" + run, "token-" + run + "-" + i + "-0123456789"));
        }
        fleet.add(device("bot-" + run, "ROBOT", Map.of("fleet", "ddi-" + run), "v1-" + run, "token-" + run + "-bot-0123456789"));
        Api.Response registered = operator.post("/v1/devices/bulk", fleet);
        assertThat(registered.status()).as(registered.raw()).isEqualTo(200);
        String car0 = "car-" + run + "-0";
        Ddi device0 = Ddi.target(platform, TENANT, car0, "token-" + run + "-0-0123456789");

        // Credentials: none, wrong, another device's, a wrong gateway token, another tenant's path, a target token of an unknown
        // device → 401; an unknown device asked for by the authenticated gateway → 404.
        assertThat(new Ddi(platform.baseUrl(), TENANT, car0, null).poll().status()).isEqualTo(401);
        assertThat(Ddi.target(platform, TENANT, car0, "wrong-token-0123456789").poll().status()).isEqualTo(401);
        assertThat(Ddi.target(platform, TENANT, car0, "token-" + run + "-1-0123456789").poll().status()).isEqualTo(401);
        assertThat(Ddi.gateway(platform, TENANT, car0, "not-the-gateway-token").poll().status()).isEqualTo(401);
        assertThat(Ddi.target(platform, "other-tenant", car0, "token-" + run + "-0-0123456789").poll().status()).isEqualTo(401);
        assertThat(new Ddi(platform.baseUrl(), TENANT, car0, "Bearer " + operator.token()).poll().status()).isEqualTo(401);
        assertThat(Ddi.target(platform, TENANT, "ghost-" + run, "token-" + run + "-0-0123456789").poll().status())
                .as("a target token for an unregistered device is bad credentials, as in hawkBit").isEqualTo(401);
        assertThat(Ddi.gateway(platform, TENANT, "ghost-" + run, TestServers.OTA_GATEWAY_TOKEN).poll().status())
                .as("only an authenticated gateway learns that the device is unknown").isEqualTo(404);

        // Nothing to do yet; configData is asked for until the device sent its attributes.
        Ddi.Answer idle = device0.poll();
        assertThat(idle.status()).isEqualTo(200);
        assertThat(idle.json("/config/polling/sleep").asText()).isEqualTo("00:00:01");
        assertThat(idle.json("/_links/deploymentBase").isMissingNode()).isTrue();
        assertThat(idle.json("/_links/configData/href").asText()).endsWith("/" + TENANT + "/controller/v1/" + car0 + "/configData");
        assertThat(device0.put("/configData", Map.of("mode", "merge", "data", Map.of("hwRevision", "B2", "vin", "LSV" + run)))
                .status()).isEqualTo(200);
        assertThat(device0.put("/configData", Map.of("mode", "sideways", "data", Map.of("a", "b"))).status()).isEqualTo(400);
        assertThat(device0.poll().json("/_links/configData").isMissingNode()).isTrue();
        assertThat(operator.get("/v1/devices/" + car0).json("/attributes/hwRevision").asText()).isEqualTo("B2");

        // Release v2 over the registry's eligible devices (the four cars), two batches of two, no wait between them.
        Api.Response created = operator.post("/v1/release-tasks", Map.of("releaseType", "DOTA", "versionId", "v2-" + run, "artifactUri", v2Uri,
                "targetDeviceType", "vehicle", "previousVersionId", "v1-" + run, "previousArtifactUri", v1Uri,
                "grayPolicy", Map.of("batchPercentages", List.of(50, 50), "interval", "PT0S", "deviceFilter", Map.of("fleet", "ddi-" + run),
                        "successThreshold", 1.0, "errorThreshold", 0.0)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String taskId = created.json("/taskId").asText();
        Api.Response started = operator.post("/v1/release-tasks/" + taskId + "/start", null);
        assertThat(started.status()).as(started.raw()).isEqualTo(202);

        String publicKey = platform.anonymous().get("/.well-known/ota-signing-key.pem").raw();
        assertThat(publicKey).startsWith("-----BEGIN PUBLIC KEY-----");
        Ddi.Answer poll = device0.poll();
        String actionHref = poll.json("/_links/deploymentBase/href").asText();
        assertThat(actionHref).as(poll.raw()).contains("/" + TENANT + "/controller/v1/" + car0 + "/deploymentBase/");
        Ddi.Answer action = device0.get(actionHref);
        assertThat(action.status()).isEqualTo(200);
        String actionId = action.json("/id").asText();
        int intActionId = intActionId(actionHref);
        assertThat(actionId).as("hawkBit clients keep the action id in a C int").isEqualTo(String.valueOf(intActionId));
        assertThat(intActionId).isPositive();
        JsonNode chunk = action.json("/deployment/chunks/0");
        assertThat(action.json("/deployment/download").asText()).isEqualTo("forced");
        assertThat(chunk.path("part").asText()).isEqualTo("bApp");
        assertThat(chunk.path("version").asText()).isEqualTo("v2-" + run);
        JsonNode artifact = chunk.path("artifacts").get(0);
        assertThat(artifact.path("filename").asText()).isEqualTo("perception-v2.bin");
        assertThat(artifact.path("size").asLong()).isEqualTo(v2.length);
        assertThat(artifact.at("/hashes/sha256").asText()).isEqualTo(SourceBucket.sha256(v2));
        assertThat(artifact.at("/hashes/sha1").asText()).isEqualTo(hex("SHA-1", v2));
        assertThat(artifact.at("/hashes/md5").asText()).isEqualTo(hex("MD5", v2));
        JsonNode manifest = Ddi.verifiedManifest(chunk, publicKey);
        assertThat(manifest.path("controllerId").asText()).isEqualTo(car0);
        assertThat(manifest.path("actionId").asText()).isEqualTo(actionId);
        assertThat(manifest.path("kind").asText()).isEqualTo("UPDATE");
        assertThat(manifest.path("deviceType").asText()).isEqualTo("VEHICLE");
        assertThat(manifest.at("/artifact/sha256").asText()).isEqualTo(SourceBucket.sha256(v2));
        long updateCounter = manifest.path("releaseCounter").asLong();
        assertThat(updateCounter).isPositive();

        // Download: whole, then resumed from the middle (206 with Content-Range), and the MD5SUM file.
        String download = artifact.at("/_links/download-http/href").asText();
        assertThat(Integer.parseInt(download.replaceAll(".*/softwaremodules/([^/]+)/artifacts/.*", "$1"))).as("module ids fit an int too").isPositive();
        Ddi.Bytes whole = device0.download(download, null);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(v2);
        assertThat(whole.headers().firstValue("Accept-Ranges")).contains("bytes");
        Ddi.Bytes rest = device0.download(download, "bytes=100000-");
        assertThat(rest.status()).isEqualTo(206);
        assertThat(rest.headers().firstValue("Content-Range")).contains("bytes 100000-179999/180000");
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(v2, 100_000, v2.length));
        assertThat(device0.download(download, "bytes=999999-").status()).isEqualTo(416);
        assertThat(new String(device0.download(artifact.at("/_links/md5sum-http/href").asText(), null).body()))
                .startsWith(hex("MD5", v2) + "  perception-v2.bin");
        assertThat(Ddi.target(platform, TENANT, car0, "wrong-token-0123456789").download(download, null).status()).isEqualTo(401);
        assertThat(Ddi.target(platform, TENANT, "bot-" + run, "token-" + run + "-bot-0123456789")
                .download(download.replace("/" + car0 + "/", "/bot-" + run + "/"), null).status())
                .as("a device downloads only what it was given").isEqualTo(404);

        // Bad feedback changes nothing; progress, then the result.
        assertThat(device0.post(stripQuery(actionHref) + "/feedback", "{not json").status()).isEqualTo(400);
        assertThat(device0.post(stripQuery(actionHref) + "/feedback", Map.of("status", Map.of("execution", "exploded"))).status()).isEqualTo(400);
        assertThat(device0.post("/deploymentBase/12345/feedback", Map.of("status", Map.of("execution", "closed"))).status()).isEqualTo(404);
        // The device kept only the int and builds its feedback URL from it, as suricatta and hawkbit-updater do.
        String intHref = device0.base() + "/deploymentBase/" + intActionId;
        assertThat(device0.feedback(intHref, actionId, "proceeding", "none", "downloading").status()).isEqualTo(200);
        assertThat(device0.feedback(intHref, actionId, "closed", "success", "installed").status()).isEqualTo(200);

        // The other batch-1 device reports through the gateway; batch 2 then starts and its devices get actions.
        List<String> cars = fleet.stream().map(d -> (String) d.get("deviceId")).filter(id -> id.startsWith("car-")).toList();
        List<String> firstBatch = cars.stream()
                .filter(id -> Ddi.gateway(platform, TENANT, id, TestServers.OTA_GATEWAY_TOKEN).poll().json("/_links/deploymentBase").isObject()
                        || id.equals(car0)).toList();
        assertThat(firstBatch).hasSize(2).contains(car0);
        for (String id : firstBatch) {
            if (!id.equals(car0)) install(Ddi.gateway(platform, TENANT, id, TestServers.OTA_GATEWAY_TOKEN), publicKey);
        }
        List<String> secondBatch = cars.stream().filter(id -> !firstBatch.contains(id)).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> secondBatch.stream().allMatch(id ->
                Ddi.gateway(platform, TENANT, id, TestServers.OTA_GATEWAY_TOKEN).poll().json("/_links/deploymentBase").isObject()));
        assertThat(Ddi.gateway(platform, TENANT, "bot-" + run, TestServers.OTA_GATEWAY_TOKEN).poll().json("/_links/deploymentBase").isMissingNode())
                .as("the robot is not a target").isTrue();

        // One second-batch device installs; the operator rolls back while the other is still installing.
        Ddi installing = Ddi.gateway(platform, TENANT, secondBatch.get(1), TestServers.OTA_GATEWAY_TOKEN);
        String installingHref = installing.poll().json("/_links/deploymentBase/href").asText();
        String installingAction = String.valueOf(intActionId(installingHref));
        assertThat(installing.get(installingHref).json("/id").asText()).isEqualTo(installingAction);
        assertThat(installing.feedback(installingHref, installingAction, "proceeding", "none", "installing").status()).isEqualTo(200);
        install(Ddi.gateway(platform, TENANT, secondBatch.get(0), TestServers.OTA_GATEWAY_TOKEN), publicKey);
        await().atMost(Duration.ofSeconds(30)).until(() -> ("v2-" + run).equals(operator.get("/v1/devices/" + secondBatch.get(0)).json("/installedVersion").asText()));
        assertThat(operator.post("/v1/release-tasks/" + taskId + "/rollback", Map.of("reason", "perception regression")).status()).isEqualTo(202);

        // The installing device is told to cancel first, confirms, then gets the rollback: a fresh signed release of v1.
        Ddi.Answer cancel = installing.poll();
        String cancelHref = cancel.json("/_links/cancelAction/href").asText();
        assertThat(cancelHref).as(cancel.raw()).contains("/cancelAction/" + installingAction);
        assertThat(intActionId(cancelHref)).isEqualTo(Integer.parseInt(installingAction));
        assertThat(Integer.parseInt(installing.get(cancelHref).json("/cancelAction/stopId").asText())).isEqualTo(Integer.parseInt(installingAction));
        assertThat(installing.feedback(cancelHref, installingAction, "closed", "success", "stopped").status()).isEqualTo(200);
        for (String id : cars) {
            Ddi ddi = Ddi.gateway(platform, TENANT, id, TestServers.OTA_GATEWAY_TOKEN);
            String href = ddi.poll().json("/_links/deploymentBase/href").asText();
            assertThat(href).as(id + " gets the rollback").isNotEmpty();
            JsonNode rollback = ddi.get(href).body();
            JsonNode rollbackManifest = Ddi.verifiedManifest(rollback.at("/deployment/chunks/0"), publicKey);
            assertThat(rollbackManifest.path("kind").asText()).isEqualTo("ROLLBACK");
            assertThat(rollbackManifest.path("versionId").asText()).isEqualTo("v1-" + run);
            assertThat(rollbackManifest.path("releaseCounter").asLong()).as("newer than the update").isGreaterThan(updateCounter);
            assertThat(rollback.at("/deployment/chunks/0/artifacts/0/hashes/sha256").asText()).isEqualTo(SourceBucket.sha256(v1));
            assertThat(ddi.download(rollback.at("/deployment/chunks/0/artifacts/0/_links/download/href").asText(), null).body()).isEqualTo(v1);
            int rollbackId = intActionId(href);
            assertThat(Integer.parseInt(rollback.path("id").asText())).isEqualTo(rollbackId);
            assertThat(ddi.feedback(ddi.base() + "/deploymentBase/" + rollbackId, String.valueOf(rollbackId), "closed", "success", "back on v1")
                    .status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (Map<String, Object> device : fleet) {
                assertThat(operator.get("/v1/devices/" + device.get("deviceId")).json("/installedVersion").asText())
                        .as((String) device.get("deviceId")).isEqualTo("v1-" + run);
            }
        });
        assertThat(operator.get("/v1/release-tasks/" + taskId).json("/status").asText()).isEqualTo("ROLLED_BACK");
        assertThat(device0.poll().json("/_links/deploymentBase").isMissingNode()).as("nothing left to do").isTrue();

        // Each device's action history (a read model, so awaited): what it was sent and what it answered.
        await().atMost(Duration.ofSeconds(30)).until(() -> operator.get("/v1/devices/" + secondBatch.get(1) + "/actions").json("/items")
                .findValuesAsText("status").equals(List.of("SUCCEEDED", "CANCELED"))
                && operator.get("/v1/devices/" + car0 + "/actions").json("/items").findValuesAsText("status").equals(List.of("SUCCEEDED", "SUCCEEDED")));
        JsonNode canceledThenRolledBack = operator.get("/v1/devices/" + secondBatch.get(1) + "/actions").json("/items");
        assertThat(canceledThenRolledBack.findValuesAsText("kind")).containsExactly("ROLLBACK", "UPDATE");
        assertThat(canceledThenRolledBack.findValuesAsText("status")).containsExactly("SUCCEEDED", "CANCELED");
        assertThat(canceledThenRolledBack.get(1).path("actionId").asText()).isEqualTo(installingAction);
        JsonNode updatedThenRolledBack = operator.get("/v1/devices/" + car0 + "/actions").json("/items");
        assertThat(updatedThenRolledBack.findValuesAsText("status")).containsExactly("SUCCEEDED", "SUCCEEDED");
        assertThat(updatedThenRolledBack.get(1).path("versionId").asText()).isEqualTo("v2-" + run);
        assertThat(updatedThenRolledBack.get(1).path("detail").asText()).contains("installed");
        assertThat(updatedThenRolledBack.get(0).path("releaseCounter").asLong()).isGreaterThan(updatedThenRolledBack.get(1).path("releaseCounter").asLong());
        assertThat(operator.get("/v1/devices/ghost-" + run + "/actions").status()).isEqualTo(404);

        // The history is a read model: replayed from the first event, it is the same, with the same action ids.
        StreamingEventProcessor history = platform.bean(EventProcessingConfiguration.class)
                .eventProcessor("ota-actions", StreamingEventProcessor.class).orElseThrow();
        history.shutDown();
        history.resetTokens();
        history.start();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(operator.get("/v1/devices/" + secondBatch.get(1) + "/actions").json("/items")).isEqualTo(canceledThenRolledBack);
            assertThat(operator.get("/v1/devices/" + car0 + "/actions").json("/items")).isEqualTo(updatedThenRolledBack);
        });

        // The registry over GraphQL: all five back on v1, the car's reported attributes beside the registered ones.
        Api.Response graph = operator.graphql("""
                query($v: String, $fleet: String!, $car: ID!) {
                  devices(installedVersion: $v, attributes: [{key: "fleet", value: $fleet}]) { total items { deviceId deviceType } }
                  device(deviceId: $car) { installedVersion attributesReported lastPollAt attributes }
                }""", Map.of("v", "v1-" + run, "fleet", "ddi-" + run, "car", car0));
        assertThat(graph.json("/data/devices/total").asInt()).as(graph.raw()).isEqualTo(5);
        assertThat(graph.json("/data/devices/items").findValuesAsText("deviceType")).contains("VEHICLE", "ROBOT");
        assertThat(graph.json("/data/device/attributesReported").asBoolean()).isTrue();
        assertThat(graph.json("/data/device/lastPollAt").asText()).isNotEmpty();
        assertThat(graph.json("/data/device/attributes/hwRevision").asText()).isEqualTo("B2");
        assertThat(graph.json("/data/device/attributes/fleet").asText()).isEqualTo("ddi-" + run);

        // The VIN the car reported is personal data: masked for a reader below the rule's level, and not a filter for them.
        String vin = "LSV" + run;
        assertThat(graph.json("/data/device/attributes/vin").asText()).as("an OTA operator reads it").isEqualTo(vin);
        Api engineer = platform.api(TENANT, Role.ALGORITHM_ENGINEER);
        String masked = "*".repeat(vin.length() - 4) + vin.substring(vin.length() - 4);
        assertThat(engineer.get("/v1/devices/" + car0).json("/attributes/vin").asText()).isEqualTo(masked);
        assertThat(engineer.graphql("query($car: ID!) { device(deviceId: $car) { attributes } }", Map.of("car", car0))
                .json("/data/device/attributes/vin").asText()).isEqualTo(masked);
        assertThat(engineer.get("/v1/devices?attr.vin=" + vin).status()).isEqualTo(403);
        assertThat(engineer.graphql("{ devices(attributes: [{key: \"vin\", value: \"x\"}]) { total } }", Map.of())
                .json("/errors/0/extensions/classification").asText()).isEqualTo("FORBIDDEN");
    }

    /** A device's whole update: poll, fetch, verify, download, report success, keeping the action id in an int. */
    private static void install(Ddi ddi, String publicKey) throws Exception {
        String href = ddi.poll().json("/_links/deploymentBase/href").asText();
        assertThat(href).isNotEmpty();
        int id = intActionId(href);
        JsonNode action = ddi.get(ddi.base() + "/deploymentBase/" + id).body();
        assertThat(Integer.parseInt(action.path("id").asText())).isEqualTo(id);
        JsonNode manifest = Ddi.verifiedManifest(action.at("/deployment/chunks/0"), publicKey);
        byte[] bytes = ddi.download(action.at("/deployment/chunks/0/artifacts/0/_links/download/href").asText(), null).body();
        assertThat(SourceBucket.sha256(bytes)).isEqualTo(manifest.at("/artifact/sha256").asText());
        assertThat(ddi.feedback(ddi.base() + "/deploymentBase/" + id, String.valueOf(id), "closed", "success", "installed").status()).isEqualTo(200);
    }

    /** The action id of a DDI href as a hawkBit client in C reads it: into an int (NumberFormatException above 2,147,483,647). */
    private static int intActionId(String href) {
        String path = stripQuery(href);
        return Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
    }

    private static Map<String, Object> device(String id, String type, Map<String, String> attributes, String version, String token) {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("deviceId", id);
        device.put("deviceType", type);
        device.put("attributes", attributes);
        device.put("installedVersion", version);
        device.put("securityToken", token);
        return device;
    }

    private static String upload(String bucket, String path, byte[] bytes) {
        return SourceBucket.putPlatformObject(bucket, "tenants/" + TENANT + "/" + path, bytes);
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private static String stripQuery(String href) {
        return href.contains("?") ? href.substring(0, href.indexOf('?')) : href;
    }
}
