package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

/** Events of one registered device. */
public interface DeviceEvent extends TenantOwned {
    DeviceUid uid();

    String deviceId();
}
