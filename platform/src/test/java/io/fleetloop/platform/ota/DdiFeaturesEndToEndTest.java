package io.fleetloop.platform.ota;

import io.fleetloop.api.governance.Role;
import io.fleetloop.ddi.json.model.DdiActionHistory;
import io.fleetloop.ddi.json.model.DdiArtifact;
import io.fleetloop.ddi.json.model.DdiArtifactHash;
import io.fleetloop.ddi.json.model.DdiChunk;
import io.fleetloop.ddi.json.model.DdiControllerBase;
import io.fleetloop.ddi.json.model.DdiDeployment;
import io.fleetloop.ddi.json.model.DdiDeployment.HandlingType;
import io.fleetloop.ddi.json.model.DdiDeploymentBase;
import io.fleetloop.ddi.json.model.DdiJson;
import io.fleetloop.ddi.json.model.DdiMaintenanceWindowStatus;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ddi;
import io.fleetloop.platform.support.ModelReadyWebhook;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The DDI answers read as the contract's records (what an unmodified hawkBit client reads), with hawkBit's links,
 * hashes, HEAD and ranges, installedBase, and the handling modes and maintenance windows a rollout sets.
 */
class DdiFeaturesEndToEndTest {

    private static final String TENANT = TestServers.OTA_TENANT;

    private final RunningPlatform platform = RunningPlatform.shared();
    private final Api operator = platform.api(TENANT, Role.OTA_OPERATOR);
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final String bucket = platform.property("fleetloop.objectstore.bucket");

    @Test
    void aDevicesRequestIsMatchedAmongTheDdiEndpointsOnlyAndTheApplicationsMappingStillListsThem() {
        RequestMappingHandlerMapping ddi = platform.bean("ddiHandlerMapping", RequestMappingHandlerMapping.class);
        RequestMappingHandlerMapping application = platform.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        Set<String> ddiPaths = paths(ddi);
        assertThat(ddiPaths).contains("/{tenant}/controller/v1/{controllerId}",
                "/{tenant}/controller/v1/{controllerId}/deploymentBase/{actionId}/feedback");
        assertThat(ddiPaths).allSatisfy(path -> assertThat(path).startsWith("/{tenant}/controller/v1/"));
        assertThat(ddi.getOrder()).isLessThan(application.getOrder());
        // The OpenAPI document and the actuator's mappings read the application's mapping: the DDI endpoints stay there.
        assertThat(paths(application)).containsAll(ddiPaths).contains("/v1/devices");
    }

    private static Set<String> paths(RequestMappingHandlerMapping mapping) {
        return mapping.getHandlerMethods().keySet().stream().flatMap(info -> info.getPatternValues().stream()).collect(Collectors.toSet());
    }

    @Test
    void theAnswersAreTheContractsDocumentsWithHawkBitsLinksHashesHeadRangesAndInstalledBase() throws Exception {
        byte[] v2 = SourceBucket.randomBytes(120_000, 7);
        String v2Uri = upload("models/" + run + "/contract-v2.bin", v2);
        Ddi car = register("car-" + run, "contract-" + run);
        String base = car.base();

        Ddi.Answer idle = car.poll();
        DdiControllerBase idleBase = DdiJson.read(idle.raw(), DdiControllerBase.class);
        assertThat(idleBase.sleep()).isPresent();
        assertThat(idleBase.href("configData")).contains(base + "/configData");
        assertThat(idleBase.href("deploymentBase")).isEmpty();
        assertThat(idleBase.href("installedBase")).as("nothing installed through the platform yet").isEmpty();

        release("contract-" + run, "v2-" + run, v2Uri, Map.of());
        DdiControllerBase poll = DdiJson.read(car.poll().raw(), DdiControllerBase.class);
        String href = poll.href("deploymentBase").orElseThrow();
        assertThat(href).matches("\\Q" + base + "/deploymentBase/\\E\\d+\\?c=[0-9a-z]+");
        DdiDeploymentBase action = DdiJson.read(car.get(href).raw(), DdiDeploymentBase.class);
        assertThat(href).contains("/deploymentBase/" + action.id() + "?");
        DdiDeployment deployment = action.deployment();
        assertThat(deployment.download()).isEqualTo(HandlingType.FORCED);
        assertThat(deployment.update()).isEqualTo(HandlingType.FORCED);
        assertThat(deployment.maintenanceWindow()).as("no window: the field is absent, as in hawkBit").isNull();
        DdiChunk chunk = action.chunks().get(0);
        assertThat(chunk.version()).isEqualTo("v2-" + run);
        assertThat(chunk.metadata("fleetloop.manifest")).isPresent();
        DdiArtifact artifact = chunk.artifactList().get(0);
        assertThat(artifact.hashes()).isEqualTo(new DdiArtifactHash(hex("SHA-1", v2), hex("MD5", v2), SourceBucket.sha256(v2)));
        assertThat(artifact.size()).isEqualTo(v2.length);
        String download = artifact.href(DdiArtifact.DOWNLOAD).orElseThrow();
        assertThat(download).matches("\\Q" + base + "/softwaremodules/\\E\\d+/artifacts/contract-v2\\.bin");
        assertThat(artifact.href(DdiArtifact.DOWNLOAD_HTTP)).contains(download);
        assertThat(artifact.href(DdiArtifact.MD5SUM)).contains(download + ".MD5SUM");
        assertThat(artifact.href("md5sum-http")).contains(download + ".MD5SUM");

        // HEAD: the headers of the download, no body; the MD5SUM file likewise.
        Ddi.Bytes head = car.head(download);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(v2.length);
        assertThat(head.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(head.body()).isEmpty();
        Ddi.Bytes md5Head = car.head(download + ".MD5SUM");
        assertThat(md5Head.status()).isEqualTo(200);
        assertThat(md5Head.body()).isEmpty();
        assertThat(new String(car.download(download + ".MD5SUM", null).body())).isEqualTo(hex("MD5", v2) + "  contract-v2.bin\n");

        // Ranges: a suffix, an open end, and one past the end.
        Ddi.Bytes tail = car.download(download, "bytes=-1000");
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.headers().firstValue("Content-Range")).contains("bytes 119000-119999/120000");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(v2, 119_000, 120_000));
        assertThat(car.download(download, "bytes=60000-").body()).isEqualTo(Arrays.copyOfRange(v2, 60_000, v2.length));
        Ddi.Bytes beyond = car.download(download, "bytes=120000-");
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).contains("bytes */120000");

        // A feedback outside the contract is a 400 naming the field; nothing changes.
        Ddi.Answer unknown = car.post(stripQuery(href) + "/feedback", Map.of("status", Map.of("execution", "finished")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.raw()).contains("status.execution").contains("closed, proceeding");
        Ddi.Answer noStatus = car.post(stripQuery(href) + "/feedback", Map.of("time", "20261204T120000"));
        assertThat(noStatus.status()).isEqualTo(400);
        assertThat(noStatus.raw()).contains("status");
        assertThat(car.poll().json("/_links/deploymentBase/href").asText()).startsWith(stripQuery(href));

        // Installed: the poll links installedBase, which serves the action like deploymentBase with its final status.
        assertThat(car.feedback(href, action.id(), "closed", "success", "installed").status()).isEqualTo(200);
        DdiControllerBase after = DdiJson.read(car.poll().raw(), DdiControllerBase.class);
        assertThat(after.href("deploymentBase")).isEmpty();
        assertThat(after.href("installedBase")).contains(base + "/installedBase/" + action.id());
        DdiDeploymentBase installed = DdiJson.read(car.get(after.href("installedBase").orElseThrow()).raw(), DdiDeploymentBase.class);
        assertThat(installed.id()).isEqualTo(action.id());
        assertThat(installed.chunks()).singleElement().extracting(DdiChunk::version).isEqualTo("v2-" + run);
        assertThat(installed.actionHistory()).extracting(DdiActionHistory::status).isEqualTo("SUCCEEDED");
        assertThat(car.get("/installedBase/2147483000").status()).isEqualTo(404);
    }

    @Test
    void aReleaseOfOsAppAndModelModulesIsOneActionWithThreeSignedChunksEachDownloadableByItsDevicesOnly() throws Exception {
        byte[] os = SourceBucket.randomBytes(90_000, 11);
        byte[] app = SourceBucket.randomBytes(30_001, 12);
        byte[] model = SourceBucket.randomBytes(50_002, 13);
        String osUri = upload("firmware/" + run + "/rootfs.img", os);
        String appUri = upload("apps/" + run + "/planner.tar", app);
        String modelUri = upload("models/" + run + "/perception.bin", model);
        Ddi car = register("multi-" + run, "multi-" + run);
        Ddi other = register("single-" + run, "single-" + run);
        release("single-" + run, "single-" + run, upload("models/" + run + "/single.bin", SourceBucket.randomBytes(1_000, 14)), Map.of());

        // Modules are checked before anything is created: another tenant's object, a file name twice, a bad part.
        for (Map.Entry<String, List<Map<String, Object>>> bad : Map.<String, List<Map<String, Object>>>of(
                "modules[0].artifactUri", List.of(module("app", "planner", "s3://" + bucket + "/tenants/other/planner.tar")),
                "modules[1].artifactUri", List.of(module("app", "planner", appUri), module("bApp", "again", appUri)),
                "modules[0].part", List.of(module("a/b", "planner", appUri)),
                "modules[0].name", List.of(module("app", null, appUri))).entrySet()) {
            Api.Response refused = operator.post("/v1/release-tasks", Map.of("releaseType", "FOTA", "versionId", "bad-" + run, "artifactUri", osUri,
                    "targetDeviceType", "vehicle", "grayPolicy", Map.of("batchPercentages", List.of(100)), "modules", bad.getValue()));
            assertThat(refused.status()).as(bad.getKey() + ": " + refused.raw()).isEqualTo(400);
            assertThat(refused.raw()).contains(bad.getKey());
        }

        // The training platform announces OS image, application and model as one release.
        String body = DdiJson.MAPPER.writeValueAsString(Map.of("versionId", "multi-" + run, "artifactType", "FOTA", "artifactUri", osUri,
                "targetDeviceType", "vehicle", "grayPolicy", Map.of("batchPercentages", List.of(100), "interval", "PT0S",
                        "deviceFilter", Map.of("fleet", "multi-" + run)),
                "modules", List.of(module("app", "planner", appUri), Map.of("part", "bApp", "name", "perception", "versionId", "model-7",
                        "artifactUri", modelUri))));
        HttpResponse<String> created = ModelReadyWebhook.sendSigned(platform, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String taskId = DdiJson.MAPPER.readTree(created.body()).path("taskId").asText();
        assertThat(operator.post("/v1/release-tasks/" + taskId + "/start", null).status()).isEqualTo(202);

        String href = DdiJson.read(car.poll().raw(), DdiControllerBase.class).href("deploymentBase").orElseThrow();
        Ddi.Answer answer = car.get(href);
        DdiDeploymentBase action = DdiJson.read(answer.raw(), DdiDeploymentBase.class);
        assertThat(action.chunks()).extracting(DdiChunk::part).containsExactly("os", "app", "bApp");
        assertThat(action.chunks()).extracting(DdiChunk::name).containsExactly("fota-vehicle", "planner", "perception");
        assertThat(action.chunks()).extracting(DdiChunk::version).containsExactly("multi-" + run, "multi-" + run, "model-7");
        String publicKey = platform.anonymous().get("/.well-known/ota-signing-key.pem").raw();
        List<byte[]> contents = List.of(os, app, model);
        List<String> filenames = List.of("rootfs.img", "planner.tar", "perception.bin");
        for (int i = 0; i < 3; i++) {
            byte[] bytes = contents.get(i);
            DdiArtifact artifact = action.chunks().get(i).artifactList().get(0);
            assertThat(artifact.filename()).isEqualTo(filenames.get(i));
            assertThat(artifact.size()).isEqualTo(bytes.length);
            assertThat(artifact.hashes()).isEqualTo(new DdiArtifactHash(hex("SHA-1", bytes), hex("MD5", bytes), SourceBucket.sha256(bytes)));
            String download = artifact.href(DdiArtifact.DOWNLOAD).orElseThrow();
            Ddi.Bytes downloaded = car.download(download, null);
            assertThat(downloaded.status()).isEqualTo(200);
            assertThat(downloaded.body()).isEqualTo(bytes);
            assertThat(new String(car.download(download + ".MD5SUM", null).body())).isEqualTo(hex("MD5", bytes) + "  " + filenames.get(i) + "\n");
            // Each chunk's manifest is signed, names its artifact, and says which chunk of how many it is.
            var manifest = Ddi.verifiedManifest(answer.body().at("/deployment/chunks/" + i), publicKey);
            assertThat(manifest.path("actionId").asText()).isEqualTo(action.id());
            assertThat(manifest.path("controllerId").asText()).isEqualTo("multi-" + run);
            assertThat(manifest.at("/artifact/sha256").asText()).isEqualTo(SourceBucket.sha256(bytes));
            assertThat(manifest.at("/artifact/size").asLong()).isEqualTo(bytes.length);
            assertThat(manifest.at("/chunk/index").asInt()).isEqualTo(i);
            assertThat(manifest.at("/chunk/of").asInt()).isEqualTo(3);
            // A device of another release may not fetch the module, even under its own controller base.
            String foreign = other.base() + download.substring(car.base().length());
            assertThat(other.download(foreign, null).status()).as(foreign).isEqualTo(404);
        }

        assertThat(car.feedback(href, action.id(), "closed", "success", "os, app and model installed").status()).isEqualTo(200);
        DdiControllerBase after = DdiJson.read(car.poll().raw(), DdiControllerBase.class);
        assertThat(after.href("deploymentBase")).isEmpty();
        DdiDeploymentBase installed = DdiJson.read(car.get(after.href("installedBase").orElseThrow()).raw(), DdiDeploymentBase.class);
        assertThat(installed.chunks()).hasSize(3);
        assertThat(installed.actionHistory()).extracting(DdiActionHistory::status).isEqualTo("SUCCEEDED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(operator.get("/v1/devices/multi-" + run).json("/installedVersion").asText()).isEqualTo("multi-" + run));
    }

    private static Map<String, Object> module(String part, String name, String artifactUri) {
        Map<String, Object> module = new LinkedHashMap<>();
        module.put("part", part);
        module.put("name", name);
        module.put("artifactUri", artifactUri);
        return module;
    }

    @Test
    void aRolloutSetsTheHandlingModesAndItsMaintenanceWindowDecidesWhetherDevicesMayInstall() throws Exception {
        String artifactUri = upload("models/" + run + "/window.bin", SourceBucket.randomBytes(10_000, 8));

        // Bad handling and windows are refused before anything is created.
        for (Map.Entry<String, Map<String, Object>> bad : Map.<String, Map<String, Object>>of(
                "grayPolicy.update", Map.of("update", "sometimes"),
                "grayPolicy.download", Map.of("download", "skip"),
                "grayPolicy.maintenanceWindow.schedule", Map.of("maintenanceWindow", Map.of("schedule", "at night", "duration", "PT1H", "timezone", "UTC")),
                "grayPolicy.maintenanceWindow.duration", Map.of("maintenanceWindow", Map.of("schedule", "0 0 2 * * *", "duration", "two hours")),
                "grayPolicy.maintenanceWindow.timezone", Map.of("maintenanceWindow", Map.of("schedule", "0 0 2 * * *", "duration", "PT1H",
                        "timezone", "Mars/Olympus_Mons"))).entrySet()) {
            Api.Response refused = createRelease("nobody-" + run, "bad-" + run, artifactUri, bad.getValue());
            assertThat(refused.status()).as(bad.getKey() + ": " + refused.raw()).isEqualTo(400);
            assertThat(refused.raw()).contains(bad.getKey());
        }

        // attempt/attempt: served as set, no window field.
        Ddi soft = register("soft-" + run, "soft-" + run);
        release("soft-" + run, "soft-" + run, artifactUri, Map.of("download", "attempt", "update", "Attempt"));
        DdiDeployment softDeployment = deployment(soft);
        assertThat(softDeployment.download()).isEqualTo(HandlingType.ATTEMPT);
        assertThat(softDeployment.update()).isEqualTo(HandlingType.ATTEMPT);
        assertThat(softDeployment.maintenanceWindow()).isNull();

        // A window that opens only on 29 February in Berlin is closed now: download forced, update skip, unavailable.
        Ddi waiting = register("waiting-" + run, "waiting-" + run);
        String waitingTask = release("waiting-" + run, "waiting-" + run, artifactUri,
                Map.of("maintenanceWindow", Map.of("schedule", "0 0 3 29 2 *", "duration", "PT1M", "timezone", "Europe/Berlin")));
        DdiDeployment closed = deployment(waiting);
        assertThat(closed.download()).isEqualTo(HandlingType.FORCED);
        assertThat(closed.update()).isEqualTo(HandlingType.SKIP);
        assertThat(closed.maintenanceWindow()).isEqualTo(DdiMaintenanceWindowStatus.UNAVAILABLE);

        // A window opening every minute for two minutes is open: the release's own update handling, available.
        Ddi ready = register("ready-" + run, "ready-" + run);
        release("ready-" + run, "ready-" + run, artifactUri,
                Map.of("update", "forced", "maintenanceWindow", Map.of("schedule", "0 * * * * *", "duration", "PT2M", "timezone", "+05:30")));
        DdiDeployment open = deployment(ready);
        assertThat(open.update()).isEqualTo(HandlingType.FORCED);
        assertThat(open.maintenanceWindow()).isEqualTo(DdiMaintenanceWindowStatus.AVAILABLE);

        // The operator sees the rollout's handling and window on the release.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(operator.get("/v1/release-tasks/" + waitingTask).json("/grayPolicy/maintenanceWindow/schedule").asText())
                        .isEqualTo("0 0 3 29 2 *"));
    }

    @Test
    void aGatewayCreatesAnUnknownDeviceOnItsFirstPollOnlyWhereTheTenantAllowsIt() {
        String deviceId = "auto-" + run;
        assertThat(Ddi.gateway(platform, TENANT, deviceId, TestServers.OTA_GATEWAY_TOKEN).poll().status()).as("off by default").isEqualTo(404);
        assertThat(operator.get("/v1/devices/" + deviceId).status()).isEqualTo(404);

        Ddi gateway = Ddi.gateway(platform, TestServers.AUTO_TENANT, deviceId, TestServers.AUTO_GATEWAY_TOKEN);
        Ddi.Answer first = gateway.poll();
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(DdiJson.read(first.raw(), DdiControllerBase.class).href("configData")).contains(gateway.base() + "/configData");
        assertThat(gateway.poll().status()).as("registered once").isEqualTo(200);
        Api autoOperator = platform.api(TestServers.AUTO_TENANT, Role.OTA_OPERATOR);
        // The registry's read model is a tracking projection: it shows the device shortly after.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(autoOperator.get("/v1/devices/" + deviceId).json("/deviceType").asText()).isEqualTo("ROBOT"));

        assertThat(Ddi.gateway(platform, TestServers.AUTO_TENANT, deviceId, "not-the-gateway-token").poll().status()).isEqualTo(401);
        assertThat(Ddi.target(platform, TestServers.AUTO_TENANT, deviceId, "a-guessed-token-0123456789").poll().status())
                .as("its token is random and unknown").isEqualTo(401);
        assertThat(Ddi.gateway(platform, TestServers.AUTO_TENANT, "bad$id", TestServers.AUTO_GATEWAY_TOKEN).poll().status()).isEqualTo(400);
        assertThat(autoOperator.get("/v1/devices/bad$id").status()).isEqualTo(404);
    }

    private DdiDeployment deployment(Ddi device) {
        String href = DdiJson.read(device.poll().raw(), DdiControllerBase.class).href("deploymentBase").orElseThrow();
        return DdiJson.read(device.get(href).raw(), DdiDeploymentBase.class).deployment();
    }

    private Ddi register(String deviceId, String fleet) {
        String token = "token-" + deviceId + "-0123456789";
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("deviceId", deviceId);
        device.put("deviceType", "VEHICLE");
        device.put("attributes", Map.of("fleet", fleet));
        device.put("installedVersion", "v1-" + run);
        device.put("securityToken", token);
        Api.Response registered = operator.post("/v1/devices/bulk", List.of(device));
        assertThat(registered.status()).as(registered.raw()).isEqualTo(200);
        return Ddi.target(platform, TENANT, deviceId, token);
    }

    private String release(String fleet, String versionId, String artifactUri, Map<String, Object> handling) {
        Api.Response created = createRelease(fleet, versionId, artifactUri, handling);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        Api.Response started = operator.post("/v1/release-tasks/" + created.json("/taskId").asText() + "/start", null);
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        return created.json("/taskId").asText();
    }

    private Api.Response createRelease(String fleet, String versionId, String artifactUri, Map<String, Object> handling) {
        Map<String, Object> policy = new LinkedHashMap<>(Map.of("batchPercentages", List.of(100), "interval", "PT0S",
                "deviceFilter", Map.of("fleet", fleet)));
        policy.putAll(handling);
        return operator.post("/v1/release-tasks", Map.of("releaseType", "DOTA", "versionId", versionId, "artifactUri", artifactUri,
                "targetDeviceType", "vehicle", "grayPolicy", policy));
    }

    private String upload(String path, byte[] bytes) {
        return SourceBucket.putPlatformObject(bucket, "tenants/" + TENANT + "/" + path, bytes);
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private static String stripQuery(String href) {
        return href.contains("?") ? href.substring(0, href.indexOf('?')) : href;
    }
}
