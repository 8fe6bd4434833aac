package io.fleetloop.platform.ota;

import io.fleetloop.api.governance.Role;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.command.ota.device.DeviceDirectory;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What rollouts and the device protocol ask the registry, on devices registered over REST. */
class DeviceDirectoryTest {

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "directory-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api operator = platform.api(tenant, Role.OTA_OPERATOR);
    private final DeviceDirectory directory = platform.bean(DeviceDirectory.class);

    @Test
    void selectsEligibleDevicesChecksNamedOnesFindsDevicesAndMatchesTokens() {
        register("car-3", "vehicle", Map.of("region", "eu", "hw", "b"), "v1", "car-3-token-0123456789");
        register("car-1", "vehicle", Map.of("region", "eu"), null, "car-1-token-0123456789");
        register("car-2", "vehicle", Map.of("region", "us"), "v1", "car-2-token-0123456789");
        register("car-4", "vehicle", Map.of("region", "eu"), "v2", "car-4-token-0123456789");
        register("arm-1", "robot", Map.of("region", "eu"), "v1", "arm-1-token-0123456789");

        assertThat(directory.eligible(tenant, DeviceType.VEHICLE, Map.of(), null)).containsExactly("car-1", "car-2", "car-3", "car-4");
        assertThat(directory.eligible(tenant, DeviceType.VEHICLE, Map.of("region", "eu"), "v2")).containsExactly("car-1", "car-3");
        assertThat(directory.eligible(tenant, DeviceType.VEHICLE, Map.of("region", "eu", "hw", "b"), null)).containsExactly("car-3");
        assertThat(directory.eligible(tenant, DeviceType.ROBOT, Map.of(), "v1")).isEmpty();
        assertThat(directory.eligible("someone-else", DeviceType.VEHICLE, Map.of(), null)).isEmpty();

        assertThat(directory.notEligible(tenant, DeviceType.VEHICLE, List.of("car-1", "arm-1", "ghost", "car-4"))).containsExactly("arm-1", "ghost");
        assertThat(directory.notEligible("someone-else", DeviceType.VEHICLE, List.of("car-1"))).containsExactly("car-1");

        DeviceDirectory.DeviceRecord car3 = directory.find(tenant, "car-3").orElseThrow();
        assertThat(car3).isEqualTo(new DeviceDirectory.DeviceRecord(tenant, "car-3", DeviceType.VEHICLE, Map.of("region", "eu", "hw", "b"), "v1", false));
        assertThat(directory.find("someone-else", "car-3")).isEmpty();
        assertThat(operator.put("/v1/devices/car-3/attributes", Map.of("mode", "merge", "data", Map.of("sw", "x"))).status()).isEqualTo(200);
        assertThat(directory.find(tenant, "car-3").orElseThrow().attributesReported()).isTrue();

        assertThat(directory.tokenMatches(tenant, "car-3", "car-3-token-0123456789")).isTrue();
        assertThat(directory.tokenMatches(tenant, "car-3", "car-1-token-0123456789")).isFalse();
        assertThat(directory.tokenMatches(tenant, "ghost", "car-3-token-0123456789")).isFalse();
        assertThat(directory.tokenMatches("someone-else", "car-3", "car-3-token-0123456789")).isFalse();
        assertThat(directory.tokenMatches(tenant, "car-3", null)).isFalse();
    }

    private void register(String deviceId, String type, Map<String, String> attributes, String version, String token) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("deviceId", deviceId, "deviceType", type, "attributes", attributes, "securityToken", token));
        if (version != null) body.put("installedVersion", version);
        Api.Response response = operator.post("/v1/devices", body);
        assertThat(response.status()).as(response.raw()).isEqualTo(201);
    }
}
