package io.fleetloop.platform.ota;

import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ddi;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The polling sleep a device is told follows its tenant's setting (property, then API) and its state: shorter while
 * it has an action pending or running, longer when idle.
 */
class DevicePollingEndToEndTest {

    private static final String TENANT = TestServers.POLLING_TENANT;

    private final RunningPlatform platform = RunningPlatform.shared();
    private final Api operator = platform.api(TENANT, Role.OTA_OPERATOR);

    @Test
    void theSleepFollowsTheTenantsSettingAndTheDevicesState() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String deviceId = "car-" + run;
        String token = "token-" + run + "-0123456789";
        Api.Response registered = operator.post("/v1/devices", Map.of("deviceId", deviceId, "deviceType", "VEHICLE", "attributes", Map.of(),
                "installedVersion", "v1-" + run, "securityToken", token));
        assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
        Ddi device = Ddi.target(platform, TENANT, deviceId, token);

        // The tenant's property: idle 2 minutes, busy 5 seconds.
        Api.Response config = operator.get("/v1/ota/polling-config");
        assertThat(config.status()).as(config.raw()).isEqualTo(200);
        assertThat(config.json("/sleep").asText()).isEqualTo("PT2M");
        assertThat(config.json("/activeSleep").asText()).isEqualTo("PT5S");
        assertThat(config.json("/source").asText()).isEqualTo("PROPERTY");
        assertThat(device.poll().json("/config/polling/sleep").asText()).isEqualTo("00:02:00");

        // An update for the device: it is told to come back sooner.
        String bucket = platform.property("fleetloop.objectstore.bucket");
        String uri = SourceBucket.putPlatformObject(bucket, "tenants/" + TENANT + "/models/" + run + "/m.bin", SourceBucket.randomBytes(1000, 3));
        Api.Response created = operator.post("/v1/release-tasks", Map.of("releaseType", "DOTA", "versionId", "v2-" + run, "artifactUri", uri,
                "targetDeviceType", "vehicle", "grayPolicy", Map.of("batchPercentages", List.of(100), "interval", "PT0S")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String taskId = created.json("/taskId").asText();
        assertThat(operator.post("/v1/release-tasks/" + taskId + "/start", Map.of("deviceIds", List.of(deviceId))).status()).isEqualTo(202);
        Ddi.Answer busy = device.poll();
        assertThat(busy.json("/_links/deploymentBase").isObject()).as(busy.raw()).isTrue();
        assertThat(busy.json("/config/polling/sleep").asText()).isEqualTo("00:00:05");

        // The operator's setting wins over the property, at once.
        Api.Response set = operator.put("/v1/ota/polling-config", Map.of("sleep", "PT10M", "activeSleep", "PT30S"));
        assertThat(set.status()).as(set.raw()).isEqualTo(200);
        assertThat(set.json("/source").asText()).isEqualTo("API");
        assertThat(device.poll().json("/config/polling/sleep").asText()).isEqualTo("00:00:30");

        // Bad settings and callers change nothing.
        assertThat(operator.put("/v1/ota/polling-config", Map.of("sleep", "PT1M", "activeSleep", "PT2M")).status()).isEqualTo(400);
        assertThat(operator.put("/v1/ota/polling-config", Map.of("sleep", "soon", "activeSleep", "PT2M")).status()).isEqualTo(400);
        assertThat(operator.put("/v1/ota/polling-config", Map.of("sleep", "PT0S", "activeSleep", "PT0S")).status()).isEqualTo(400);
        assertThat(operator.put("/v1/ota/polling-config", Map.of("sleep", "PT48H", "activeSleep", "PT1M")).status()).isEqualTo(400);
        assertThat(platform.api(TENANT, Role.ALGORITHM_ENGINEER).put("/v1/ota/polling-config", Map.of("sleep", "PT1S", "activeSleep", "PT1S"))
                .status()).isEqualTo(403);
        assertThat(operator.get("/v1/ota/polling-config").json("/sleep").asText()).isEqualTo("PT10M");
        assertThat(platform.api(TestServers.OTA_TENANT, Role.OTA_OPERATOR).get("/v1/ota/polling-config").json("/sleep").asText())
                .as("another tenant keeps its own").isEqualTo("PT1S");

        // Done: back to the idle sleep.
        String href = device.poll().json("/_links/deploymentBase/href").asText();
        assertThat(device.feedback(href, "", "closed", "success", "installed").status()).isEqualTo(200);
        Ddi.Answer idle = device.poll();
        assertThat(idle.json("/_links/deploymentBase").isMissingNode()).as(idle.raw()).isTrue();
        assertThat(idle.json("/config/polling/sleep").asText()).isEqualTo("00:10:00");
    }
}
