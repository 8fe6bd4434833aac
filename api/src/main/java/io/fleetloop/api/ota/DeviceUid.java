package io.fleetloop.api.ota;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/**
 * The registry's id of one tenant's device (the Device aggregate): a name-based UUID of {@code <tenant>/<deviceId>}.
 * Not the device's own id, which is the {@code deviceId} string (the DDI controllerId) every message also carries.
 */
public record DeviceUid(@JsonValue String value) {

    @JsonCreator
    public DeviceUid {
        Objects.requireNonNull(value, "DeviceUid value");
    }

    @Override
    public String toString() {
        return value;
    }
}
