package io.fleetloop.command.ingestion;

import io.fleetloop.api.ingestion.ConnectorConfig;
import io.fleetloop.api.ingestion.ProtocolType;

/** What the command side knows of a data source when an ingestion task is created for it. */
record RegisteredSource(String tenantId, String name, ProtocolType protocolType, ConnectorConfig connectorConfig) {
}
