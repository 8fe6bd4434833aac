package io.fleetloop.api.ingestion;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CompleteIngestionCommand(@TargetAggregateIdentifier IngestionTaskId taskId, String tenantId) implements TenantOwned {
}
