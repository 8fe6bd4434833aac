package io.fleetloop.api.ota;

import java.util.Map;

/** One device to register; only the sha256 (hex) of its security token travels, never the token. */
public record DeviceRegistration(String deviceId, DeviceType deviceType, Map<String, String> attributes, String installedVersion,
                                 String securityTokenSha256) {

    public DeviceRegistration {
        attributes = attributes == null ? Map.of() : attributes;
    }
}
