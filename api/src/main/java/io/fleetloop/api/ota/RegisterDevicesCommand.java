package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.util.List;

/** Registers a chunk of devices in one transaction; ids the tenant registered already are skipped and reported. */
public record RegisterDevicesCommand(String tenantId, List<DeviceRegistration> devices) implements TenantOwned {

    public static final int MAX_DEVICES = 5_000;
}
