package io.fleetloop.api.ingestion;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateIngestionTaskCommand(@TargetAggregateIdentifier IngestionTaskId taskId, String tenantId,
                                         DataSourceId sourceId, IngestionRule ingestionRule) implements TenantOwned {
}
