package io.fleetloop.api.metering;

/** The events of a tenant's account (its id is the tenant id). */
public interface TenantAccountEvent {
    String tenantId();
}
