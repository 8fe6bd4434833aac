package io.fleetloop.api.metering;

public record FetchBillingAccountQuery(String tenantId) {
}
