package io.fleetloop.platform.ota;

import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ddi;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.TestServers;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Device and gateway tokens are rotated and revoked over the API, proven on the DDI endpoints: the old token is refused
 * after a rotation, the new one accepted, a revoked one refused; each change is a command and an event in the audit
 * trail, and only hashes are stored.
 */
class DeviceTokenRotationEndToEndTest {

    private static final String TENANT = TestServers.TOKEN_TENANT;

    private final RunningPlatform platform = RunningPlatform.shared();
    private final Api operator = platform.api(TENANT, Role.OTA_OPERATOR, Role.AUDITOR);

    @Test
    void aRotatedDeviceTokenReplacesTheOldOneAndARevokedOneIsRefused() {
        String deviceId = "car-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response registered = operator.post("/v1/devices", Map.of("deviceId", deviceId, "deviceType", "vehicle"));
        assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
        String first = registered.json("/securityToken").asText();
        assertThat(Ddi.target(platform, TENANT, deviceId, first).poll().status()).isEqualTo(200);

        Api.Response rotated = operator.post("/v1/devices/" + deviceId + "/token", null);
        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
        String second = rotated.json("/securityToken").asText();
        assertThat(second).isNotEqualTo(first).hasSizeGreaterThanOrEqualTo(43);
        assertThat(Ddi.target(platform, TENANT, deviceId, first).poll().status()).as("old token").isEqualTo(401);
        assertThat(Ddi.target(platform, TENANT, deviceId, second).poll().status()).as("new token").isEqualTo(200);

        String chosen = "a-chosen-token-of-" + deviceId;
        assertThat(operator.post("/v1/devices/" + deviceId + "/token", Map.of("securityToken", chosen)).json("/securityToken").asText()).isEqualTo(chosen);
        assertThat(Ddi.target(platform, TENANT, deviceId, second).poll().status()).isEqualTo(401);
        assertThat(Ddi.target(platform, TENANT, deviceId, chosen).poll().status()).isEqualTo(200);

        assertThat(operator.send("DELETE", "/v1/devices/" + deviceId + "/token", null).status()).isEqualTo(204);
        assertThat(Ddi.target(platform, TENANT, deviceId, chosen).poll().status()).as("revoked").isEqualTo(401);
        assertThat(operator.send("DELETE", "/v1/devices/" + deviceId + "/token", null).status()).as("revoking again is a no-op").isEqualTo(204);

        // Audited as commands and events; no clear token anywhere, only hashes in the registry.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(actions())
                .contains("RotateDeviceToken", "DeviceTokenRotated", "RevokeDeviceToken", "DeviceTokenRevoked"));
        assertThat(operator.get("/v1/audit-records?size=200").raw()).doesNotContain(first, second, chosen);
        String stored = platform.bean(JdbcClient.class).sql("select coalesce(token_sha256, 'revoked') from ddi_device where tenant_id = ? and device_id = ?")
                .params(TENANT, deviceId).query(String.class).single();
        assertThat(stored).isEqualTo("revoked");

        // Another tenant's operator cannot touch the device.
        Api other = platform.api("other-" + UUID.randomUUID().toString().substring(0, 8), Role.OTA_OPERATOR);
        assertThat(other.post("/v1/devices/" + deviceId + "/token", null).status()).isEqualTo(404);
        assertThat(platform.api(TENANT, Role.DATA_ENGINEER).post("/v1/devices/" + deviceId + "/token", null).status()).isEqualTo(403);
    }

    private List<String> actions() {
        return operator.get("/v1/audit-records?size=200").body().path("items").findValuesAsText("action");
    }

    @Test
    void theConfiguredGatewayTokenIsABootstrapThatTheApiReplacesAndRevokes() {
        String deviceId = "gw-car-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(operator.post("/v1/devices", Map.of("deviceId", deviceId, "deviceType", "vehicle")).status()).isEqualTo(201);
        assertThat(Ddi.gateway(platform, TENANT, deviceId, TestServers.TOKEN_GATEWAY_TOKEN).poll().status()).as("configured").isEqualTo(200);

        Api.Response rotated = operator.post("/v1/ota/gateway-token", null);
        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
        String managed = rotated.json("/gatewayToken").asText();
        assertThat(Ddi.gateway(platform, TENANT, deviceId, TestServers.TOKEN_GATEWAY_TOKEN).poll().status()).as("configured, replaced").isEqualTo(401);
        assertThat(Ddi.gateway(platform, TENANT, deviceId, managed).poll().status()).as("managed").isEqualTo(200);
        assertThat(Ddi.gateway(platform, TestServers.OTA_TENANT, deviceId, managed).poll().status()).as("another tenant's path").isEqualTo(401);

        assertThat(operator.send("DELETE", "/v1/ota/gateway-token", null).status()).isEqualTo(204);
        assertThat(Ddi.gateway(platform, TENANT, deviceId, managed).poll().status()).as("revoked").isEqualTo(401);
        assertThat(Ddi.gateway(platform, TENANT, deviceId, TestServers.TOKEN_GATEWAY_TOKEN).poll().status()).as("configured, revoked").isEqualTo(401);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(actions())
                .contains("RotateGatewayToken", "GatewayTokenRotated", "RevokeGatewayToken", "GatewayTokenRevoked"));
        assertThat(operator.get("/v1/audit-records?size=200").raw()).doesNotContain(managed);
    }
}
