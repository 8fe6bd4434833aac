package io.fleetloop.api.ingestion;

public record FindDataSourceQuery(String tenantId, DataSourceId sourceId) {
}
