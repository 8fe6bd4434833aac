package io.fleetloop.command.ota.device;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.AttributeUpdateMode;
import io.fleetloop.api.ota.DeviceAttributesUpdatedEvent;
import io.fleetloop.api.ota.DeviceRegisteredEvent;
import io.fleetloop.api.ota.DeviceRegistration;
import io.fleetloop.api.ota.DeviceTokenRevokedEvent;
import io.fleetloop.api.ota.DeviceTokenRotatedEvent;
import io.fleetloop.api.ota.DeviceUid;
import io.fleetloop.api.ota.RegisterDeviceCommand;
import io.fleetloop.api.ota.RevokeDeviceTokenCommand;
import io.fleetloop.api.ota.RotateDeviceTokenCommand;
import io.fleetloop.api.ota.UpdateDeviceAttributesCommand;
import io.fleetloop.command.common.DerivedIds;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A device of a tenant's OTA registry: its type, its attributes (what rollouts filter on) and the sha256 of its security
 * token. Its id is derived from tenant and device id, so a device id is registered at most once per tenant.
 */
@Aggregate
class Device {

    static final String RESOURCE = "device";

    @AggregateIdentifier
    private DeviceUid uid;
    private String tenantId;
    private Map<String, String> attributes;
    private boolean attributesReported;
    private boolean tokenRevoked;

    Device() {
    }

    static DeviceUid uidOf(String tenantId, String deviceId) {
        return new DeviceUid(DerivedIds.uuid(tenantId + "/" + deviceId));
    }

    @CommandHandler
    Device(RegisterDeviceCommand command, Clock clock) {
        this(command.uid(), command.tenantId(), command.device(), clock.instant());
    }

    /** Also how {@link DeviceRegistrar} creates many devices in one unit of work. */
    Device(DeviceUid uid, String tenantId, DeviceRegistration device, Instant registeredAt) {
        DeviceRules.requireValid(device, "");
        if (!uid.equals(uidOf(tenantId, device.deviceId()))) throw new IllegalArgumentException("uid " + uid + " is not derived from " + device.deviceId());
        apply(new DeviceRegisteredEvent(uid, tenantId, device.deviceId(), device.deviceType(), sorted(device.attributes()),
                device.installedVersion(), device.securityTokenSha256(), registeredAt));
    }

    /** Returns the attributes after the update. The device's first report is recorded even when it changes nothing. */
    @CommandHandler
    Map<String, String> handle(UpdateDeviceAttributesCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, command.deviceId());
        if (command.mode() == null) throw FleetloopException.invalid("mode", "merge, replace or remove");
        Map<String, String> data = command.data() == null ? Map.of() : command.data();
        Map<String, String> result = new TreeMap<>(command.mode() == AttributeUpdateMode.REPLACE ? Map.of() : attributes);
        if (command.mode() == AttributeUpdateMode.REMOVE) {
            result.keySet().removeAll(data.keySet());
        } else {
            DeviceRules.requireValidAttributes(data, "data");
            result.putAll(data);
            if (result.size() > DeviceRules.MAX_ATTRIBUTES) {
                throw FleetloopException.invalid("data", "a device has at most " + DeviceRules.MAX_ATTRIBUTES + " attributes; this would make " + result.size());
            }
        }
        if (attributesReported && result.equals(attributes)) return attributes;
        apply(new DeviceAttributesUpdatedEvent(uid, tenantId, command.deviceId(), command.mode(), Collections.unmodifiableMap(result), clock.instant()));
        return attributes;
    }

    @CommandHandler
    void handle(RotateDeviceTokenCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, command.deviceId());
        DeviceRules.requireValidTokenSha256(command.securityTokenSha256(), "");
        apply(new DeviceTokenRotatedEvent(uid, tenantId, command.deviceId(), command.securityTokenSha256(), clock.instant()));
    }

    /** Revoking a revoked token changes nothing. */
    @CommandHandler
    void handle(RevokeDeviceTokenCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, command.deviceId());
        if (tokenRevoked) return;
        apply(new DeviceTokenRevokedEvent(uid, tenantId, command.deviceId(), clock.instant()));
    }

    private static Map<String, String> sorted(Map<String, String> attributes) {
        return Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    @EventSourcingHandler
    void on(DeviceRegisteredEvent event) {
        uid = event.uid();
        tenantId = event.tenantId();
        attributes = event.attributes();
    }

    @EventSourcingHandler
    void on(DeviceTokenRotatedEvent event) {
        tokenRevoked = false;
    }

    @EventSourcingHandler
    void on(DeviceTokenRevokedEvent event) {
        tokenRevoked = true;
    }

    @EventSourcingHandler
    void on(DeviceAttributesUpdatedEvent event) {
        attributes = event.attributes();
        attributesReported = true;
    }
}
