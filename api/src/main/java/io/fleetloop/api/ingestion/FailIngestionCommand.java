package io.fleetloop.api.ingestion;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record FailIngestionCommand(@TargetAggregateIdentifier IngestionTaskId taskId, String tenantId,
                                   String errorMessage) implements TenantOwned {
}
