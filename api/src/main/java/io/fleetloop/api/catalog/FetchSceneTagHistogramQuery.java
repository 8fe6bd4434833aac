package io.fleetloop.api.catalog;

public record FetchSceneTagHistogramQuery(String tenantId, int size) {
}
