package io.fleetloop.command.ota.device;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.AttributeUpdateMode;
import io.fleetloop.api.ota.DeviceRegistration;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.DevicesRegistered;
import io.fleetloop.api.ota.RegisterDeviceCommand;
import io.fleetloop.api.ota.RegisterDevicesCommand;
import io.fleetloop.api.ota.RevokeDeviceTokenCommand;
import io.fleetloop.api.ota.RevokeGatewayTokenCommand;
import io.fleetloop.api.ota.RotateDeviceTokenCommand;
import io.fleetloop.api.ota.RotateGatewayTokenCommand;
import io.fleetloop.api.ota.UpdateDeviceAttributesCommand;
import io.fleetloop.refusals.CommandRefusals;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The device registry's commands: register one device, register many (JSON array, NDJSON or CSV; checked whole
 * before anything is created, then registered in chunks of {@link RegisterDevicesCommand#MAX_DEVICES}, one transaction
 * each), and update a device's attributes. A security token is returned once, at registration; only its sha256 is kept.
 */
@RestController
class DeviceCommandController {

    static final int MAX_BULK = 200_000;
    private static final int LISTED_ALREADY_REGISTERED = 100;

    record DeviceRequest(String deviceId, DeviceType deviceType, Map<String, String> attributes, String installedVersion, String securityToken) {
    }

    record Registered(String deviceId, String securityToken) {
    }

    record BulkRegistered(int registered, List<String> alreadyRegistered, int alreadyRegisteredCount, List<Registered> tokens) {
    }

    record AttributesRequest(AttributeUpdateMode mode, Map<String, String> data) {
    }

    record Attributes(String deviceId, Map<String, String> attributes) {
    }

    /** A checked registration and the clear token that goes back to the registrant (never onto the bus). */
    private record Issued(DeviceRegistration registration, String token) {
    }

    private final CommandGateway commands;
    private final ObjectMapper json;

    DeviceCommandController(CommandGateway commands, ObjectMapper json) {
        this.commands = commands;
        this.json = json;
    }

    @PostMapping("/v1/devices")
    ResponseEntity<Registered> register(Caller caller, @RequestBody DeviceRequest request) {
        Issued issued = issue(request, "");
        String deviceId = issued.registration().deviceId();
        try {
            commands.sendAndWait(new RegisterDeviceCommand(Device.uidOf(caller.tenantId(), deviceId), caller.tenantId(), issued.registration()));
        } catch (RuntimeException e) {
            if (!CommandRefusals.isDuplicateAggregate(e)) throw e;
            throw new FleetloopException(ErrorDetails.of(ErrorCode.DUPLICATE, "device " + deviceId + " is registered already"));
        }
        return ResponseEntity.created(URI.create("/v1/devices/" + deviceId)).body(new Registered(deviceId, issued.token()));
    }

    @PostMapping("/v1/devices/bulk")
    BulkRegistered registerMany(Caller caller, HttpServletRequest request) throws IOException {
        List<DeviceBulkReader.Item> items = DeviceBulkReader.read(json, request.getContentType(), request.getInputStream(), MAX_BULK);
        List<Issued> issued = new ArrayList<>(items.size());
        Map<String, String> labels = new HashMap<>();
        for (DeviceBulkReader.Item item : items) {
            String where = item.label().startsWith("[") ? item.label() + "." : item.label() + ": ";
            Issued device = issue(item.device(), where);
            String first = labels.putIfAbsent(device.registration().deviceId(), item.label());
            if (first != null) throw FleetloopException.invalid(where + "deviceId", device.registration().deviceId() + " is also at " + first);
            issued.add(device);
        }
        Map<String, String> tokens = new HashMap<>();
        issued.forEach(d -> tokens.put(d.registration().deviceId(), d.token()));
        List<Registered> registered = new ArrayList<>();
        List<String> already = new ArrayList<>();
        for (int from = 0; from < issued.size(); from += RegisterDevicesCommand.MAX_DEVICES) {
            List<DeviceRegistration> chunk = issued.subList(from, Math.min(issued.size(), from + RegisterDevicesCommand.MAX_DEVICES))
                    .stream().map(Issued::registration).toList();
            DevicesRegistered result = registerChunk(new RegisterDevicesCommand(caller.tenantId(), chunk));
            result.registered().forEach(id -> registered.add(new Registered(id, tokens.get(id))));
            already.addAll(result.alreadyRegistered());
        }
        return new BulkRegistered(registered.size(), already.subList(0, Math.min(LISTED_ALREADY_REGISTERED, already.size())), already.size(),
                registered);
    }

    /** A concurrent registration of one of the ids fails the whole chunk; once again, that id is reported as registered. */
    private DevicesRegistered registerChunk(RegisterDevicesCommand command) {
        try {
            return commands.sendAndWait(command);
        } catch (RuntimeException e) {
            if (!CommandRefusals.isDuplicateAggregate(e)) throw e;
            return commands.sendAndWait(command);
        }
    }

    @PutMapping("/v1/devices/{deviceId}/attributes")
    Attributes updateAttributes(Caller caller, @PathVariable String deviceId, @RequestBody AttributesRequest request) {
        DeviceRules.requireValidId(deviceId, "");
        if (request.mode() == null) throw FleetloopException.invalid("mode", "merge, replace or remove");
        Map<String, String> attributes = commands.sendAndWait(new UpdateDeviceAttributesCommand(Device.uidOf(caller.tenantId(), deviceId),
                caller.tenantId(), deviceId, request.mode(), request.data()));
        return new Attributes(deviceId, attributes);
    }

    record TokenRequest(String securityToken) {
    }

    record GatewayToken(String gatewayToken) {
    }

    /** A new security token for the device, returned once (chosen in the body, or generated); the old one stops working. */
    @PostMapping("/v1/devices/{deviceId}/token")
    Registered rotateToken(Caller caller, @PathVariable String deviceId, @RequestBody(required = false) TokenRequest request) {
        DeviceRules.requireValidId(deviceId, "");
        String token = request == null || request.securityToken() == null ? DeviceTokens.generate()
                : DeviceTokens.requireValid(request.securityToken(), "securityToken");
        commands.sendAndWait(new RotateDeviceTokenCommand(Device.uidOf(caller.tenantId(), deviceId), caller.tenantId(), deviceId,
                DeviceTokens.sha256Hex(token)));
        return new Registered(deviceId, token);
    }

    /** Withdraws the device's token: its TargetToken is refused from now on (the gateway can still speak for it). */
    @DeleteMapping("/v1/devices/{deviceId}/token")
    ResponseEntity<Void> revokeToken(Caller caller, @PathVariable String deviceId) {
        DeviceRules.requireValidId(deviceId, "");
        commands.sendAndWait(new RevokeDeviceTokenCommand(Device.uidOf(caller.tenantId(), deviceId), caller.tenantId(), deviceId));
        return ResponseEntity.noContent().build();
    }

    /** A new gateway token for the tenant, returned once; it replaces the configured one and any earlier one. */
    @PostMapping("/v1/ota/gateway-token")
    GatewayToken rotateGatewayToken(Caller caller, @RequestBody(required = false) TokenRequest request) {
        String token = request == null || request.securityToken() == null ? DeviceTokens.generate()
                : DeviceTokens.requireValid(request.securityToken(), "securityToken");
        commands.sendAndWait(new RotateGatewayTokenCommand(GatewayCredential.idOf(caller.tenantId()), caller.tenantId(), DeviceTokens.sha256Hex(token)));
        return new GatewayToken(token);
    }

    /** Withdraws the tenant's gateway token, the configured one included, until a new one is set. */
    @DeleteMapping("/v1/ota/gateway-token")
    ResponseEntity<Void> revokeGatewayToken(Caller caller) {
        commands.sendAndWait(new RevokeGatewayTokenCommand(GatewayCredential.idOf(caller.tenantId()), caller.tenantId()));
        return ResponseEntity.noContent().build();
    }

    private static Issued issue(DeviceRequest request, String where) {
        String token = request.securityToken() == null ? DeviceTokens.generate() : DeviceTokens.requireValid(request.securityToken(), where + "securityToken");
        DeviceRegistration registration = new DeviceRegistration(request.deviceId(), request.deviceType(), request.attributes(),
                request.installedVersion(), DeviceTokens.sha256Hex(token));
        DeviceRules.requireValid(registration, where);
        return new Issued(registration, token);
    }
}
