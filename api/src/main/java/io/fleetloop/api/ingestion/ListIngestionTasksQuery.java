package io.fleetloop.api.ingestion;

import io.fleetloop.api.common.PageRequest;

/** {@code sourceId} and {@code status} are optional filters. */
public record ListIngestionTasksQuery(String tenantId, DataSourceId sourceId, IngestionTaskStatus status, PageRequest page) {
}
