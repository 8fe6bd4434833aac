package io.fleetloop.api.ingestion;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateDataSourceCommand(@TargetAggregateIdentifier DataSourceId sourceId, String tenantId, String name,
                                      ProtocolType protocolType, ConnectorConfig connectorConfig) implements TenantOwned {
}
