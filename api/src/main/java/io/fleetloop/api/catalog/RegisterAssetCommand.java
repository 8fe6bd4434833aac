package io.fleetloop.api.catalog;

import io.fleetloop.api.common.TenantOwned;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionTaskId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record RegisterAssetCommand(@TargetAggregateIdentifier AssetId assetId, String tenantId, DataSourceId sourceId,
                                   IngestionTaskId ingestionTaskId, String storagePath, long sizeBytes, String sha256,
                                   Modality modality, Instant ingestedAt) implements TenantOwned {
}
