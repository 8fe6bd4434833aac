package io.fleetloop.command.ota.ddi;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.command.ota.device.DeviceDirectory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * hawkBit's device credentials: {@code Authorization: TargetToken <token>} (the device's own token, compared with the
 * registry's sha256) or {@code GatewayToken <token>} (the tenant's, acting for any of its devices). Anything else is
 * 401, as in hawkBit — also a target token for an unregistered device, which cannot be told from a wrong token and
 * must not reveal which ids exist; only an authenticated gateway asking for an unregistered device gets 404.
 */
@Component
class DdiAuthentication {

    private final DeviceDirectory devices;
    private final OtaProperties properties;

    DdiAuthentication(DeviceDirectory devices, OtaProperties properties) {
        this.devices = devices;
        this.properties = properties;
    }

    DeviceDirectory.DeviceRecord device(String tenant, String controllerId, String authorization) {
        if (authorization == null || authorization.isBlank()) throw DdiController.unauthenticated("no TargetToken or GatewayToken");
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2) throw DdiController.unauthenticated("expected 'TargetToken <token>' or 'GatewayToken <token>'");
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        String token = parts[1].trim();
        if (scheme.equals("gatewaytoken")) {
            String expected = properties.gatewayTokens().get(tenant);
            if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                throw DdiController.unauthenticated("wrong gateway token for tenant " + tenant);
            }
            return devices.find(tenant, controllerId).orElseThrow(() -> FleetloopException.notFound("device", controllerId));
        }
        if (scheme.equals("targettoken")) {
            return devices.authenticated(tenant, controllerId, token)
                    .orElseThrow(() -> DdiController.unauthenticated("wrong target token for " + controllerId));
        }
        throw DdiController.unauthenticated("expected 'TargetToken <token>' or 'GatewayToken <token>'");
    }
}
