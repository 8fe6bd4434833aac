package io.fleetloop.api.ota;

import io.fleetloop.api.common.PageRequest;

import java.util.Map;

/** All filters optional: type, installed version, attributes that must all match, a device id prefix. */
public record ListDevicesQuery(String tenantId, DeviceType deviceType, String installedVersion, Map<String, String> attributes,
                               String idPrefix, PageRequest page) {

    public ListDevicesQuery {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
