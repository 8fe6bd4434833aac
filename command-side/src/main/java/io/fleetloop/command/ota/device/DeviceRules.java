package io.fleetloop.command.ota.device;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.DeviceRegistration;

import java.util.Map;
import java.util.regex.Pattern;

/** What a device registration must look like; {@code where} prefixes the field names of a refusal (e.g. {@code row 17: }). */
final class DeviceRules {

    static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    static final int MAX_ATTRIBUTES = 64;
    static final int MAX_VALUE_LENGTH = 256;

    private DeviceRules() {
    }

    static void requireValid(DeviceRegistration device, String where) {
        requireValidId(device.deviceId(), where);
        if (device.deviceType() == null) throw FleetloopException.invalid(where + "deviceType", "VEHICLE, ROBOT or INDUSTRIAL");
        requireValidAttributes(device.attributes(), where + "attributes");
        if (device.installedVersion() != null && !VERSION.matcher(device.installedVersion()).matches()) {
            throw FleetloopException.invalid(where + "installedVersion", "1-128 letters, digits or . _ + -");
        }
        requireValidTokenSha256(device.securityTokenSha256(), where);
    }

    static void requireValidTokenSha256(String sha256, String where) {
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            throw FleetloopException.invalid(where + "securityTokenSha256", "64 lower-case hex digits");
        }
    }

    static void requireValidId(String deviceId, String where) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw FleetloopException.invalid(where + "deviceId", "1-128 letters, digits or . _ : -, starting with a letter or digit");
        }
    }

    static void requireValidAttributes(Map<String, String> attributes, String field) {
        if (attributes == null) return;
        if (attributes.size() > MAX_ATTRIBUTES) throw FleetloopException.invalid(field, "at most " + MAX_ATTRIBUTES + " entries");
        attributes.forEach((key, value) -> {
            if (key == null || !ATTRIBUTE_KEY.matcher(key).matches()) {
                throw FleetloopException.invalid(field, "key '" + key + "': 1-64 letters, digits or . _ -");
            }
            if (value == null) throw FleetloopException.invalid(field + "." + key, "a value is required");
            if (value.length() > MAX_VALUE_LENGTH) throw FleetloopException.invalid(field + "." + key, "at most " + MAX_VALUE_LENGTH + " characters");
        });
    }
}
