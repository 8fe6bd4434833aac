package io.fleetloop.api.metering;

import io.fleetloop.api.common.TenantOwned;

/** The events of a tenant's account (its id is the tenant id). */
public interface TenantAccountEvent extends TenantOwned {
}
