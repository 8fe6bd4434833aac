package io.fleetloop.api.common;

/** Every command and event names the tenant it belongs to. */
public interface TenantOwned {
    String tenantId();
}
