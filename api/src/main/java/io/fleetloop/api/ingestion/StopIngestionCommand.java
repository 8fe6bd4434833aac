package io.fleetloop.api.ingestion;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stops a running task that delivers in batches (Kafka, uploads); {@link StartIngestionCommand} resumes it. */
public record StopIngestionCommand(@TargetAggregateIdentifier IngestionTaskId taskId, String tenantId, String reason) implements TenantOwned {
}
