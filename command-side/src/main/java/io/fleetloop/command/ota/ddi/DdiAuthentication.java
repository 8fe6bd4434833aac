package io.fleetloop.command.ota.ddi;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.DeviceRegistration;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.RegisterDevicesCommand;
import io.fleetloop.command.ota.device.DeviceDirectory;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * hawkBit's device credentials: {@code Authorization: TargetToken <token>} (the device's own token, compared with the
 * registry's sha256) or {@code GatewayToken <token>} (the tenant's, acting for any of its devices). Anything else is
 * 401, as in hawkBit — also a target token for an unregistered device, which cannot be told from a wrong token and
 * must not reveal which ids exist; only an authenticated gateway asking for an unregistered device gets 404, unless
 * the tenant auto-creates targets: then the device is registered on that first poll (with a random token nobody
 * knows: it speaks through the gateway until an operator gives it one).
 */
@Component
class DdiAuthentication {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DeviceDirectory devices;
    private final OtaProperties properties;
    private final CommandGateway commands;

    DdiAuthentication(DeviceDirectory devices, OtaProperties properties, CommandGateway commands) {
        this.devices = devices;
        this.properties = properties;
        this.commands = commands;
    }

    DeviceDirectory.DeviceRecord device(String tenant, String controllerId, String authorization) {
        if (authorization == null || authorization.isBlank()) throw DdiController.unauthenticated("no TargetToken or GatewayToken");
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2) throw DdiController.unauthenticated("expected 'TargetToken <token>' or 'GatewayToken <token>'");
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        String token = parts[1].trim();
        if (scheme.equals("gatewaytoken")) {
            DeviceDirectory.GatewayAccess access = devices.viaGateway(tenant, controllerId, token, properties.gatewayTokens().get(tenant));
            if (!access.tokenMatches()) throw DdiController.unauthenticated("wrong gateway token for tenant " + tenant);
            return access.device().or(() -> autoCreated(tenant, controllerId))
                    .orElseThrow(() -> FleetloopException.notFound("device", controllerId));
        }
        if (scheme.equals("targettoken")) {
            return devices.authenticated(tenant, controllerId, token)
                    .orElseThrow(() -> DdiController.unauthenticated("wrong target token for " + controllerId));
        }
        throw DdiController.unauthenticated("expected 'TargetToken <token>' or 'GatewayToken <token>'");
    }

    private Optional<DeviceDirectory.DeviceRecord> autoCreated(String tenant, String controllerId) {
        DeviceType type = properties.autoCreateTargets().get(tenant);
        if (type == null) return Optional.empty();
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        DeviceRegistration device = new DeviceRegistration(controllerId, type, Map.of(), null, sha256Hex(token));
        // A concurrent first poll of the same device registers it once: the registrar skips ids it already knows.
        commands.sendAndWait(new RegisterDevicesCommand(tenant, List.of(device)), DdiController.metaData(tenant, controllerId));
        return devices.find(tenant, controllerId);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
