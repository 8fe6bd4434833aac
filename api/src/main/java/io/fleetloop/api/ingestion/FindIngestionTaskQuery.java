package io.fleetloop.api.ingestion;

public record FindIngestionTaskQuery(String tenantId, IngestionTaskId taskId) {
}
