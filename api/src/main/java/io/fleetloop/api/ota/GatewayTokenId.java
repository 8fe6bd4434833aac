package io.fleetloop.api.ota;

/** The id of a tenant's DDI gateway credential (one per tenant, derived from the tenant id). */
public record GatewayTokenId(String value) {

    @Override
    public String toString() {
        return value;
    }
}
