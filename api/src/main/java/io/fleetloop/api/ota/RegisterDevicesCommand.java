package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.util.List;

/** Registers a chunk of devices in one transaction; ids the tenant registered already are skipped and reported. */
public record RegisterDevicesCommand(String tenantId, List<DeviceRegistration> devices) implements TenantOwned {

    /** Axon checks each aggregate of a unit of work against all the others at commit (quadratic), so chunks stay small. */
    public static final int MAX_DEVICES = 1_000;
}
