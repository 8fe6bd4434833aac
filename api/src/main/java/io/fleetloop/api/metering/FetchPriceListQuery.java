package io.fleetloop.api.metering;

public record FetchPriceListQuery(String tenantId) {
}
