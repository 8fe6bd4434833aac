package io.fleetloop.api.catalog;

/** The tenant's rules at {@code version}, or the current ones when null. */
public record FetchSceneMiningRulesQuery(String tenantId, Integer version) {
}
