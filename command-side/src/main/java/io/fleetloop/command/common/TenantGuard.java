package io.fleetloop.command.common;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.common.TenantOwned;

/** A command for another tenant's aggregate is answered exactly like one for a missing aggregate. */
public final class TenantGuard {

    private TenantGuard() {
    }

    public static void requireSameTenant(String aggregateTenant, TenantOwned command, String resourceType, Object id) {
        if (aggregateTenant == null || !aggregateTenant.equals(command.tenantId())) {
            throw FleetloopException.notFound(resourceType, String.valueOf(id));
        }
    }
}
