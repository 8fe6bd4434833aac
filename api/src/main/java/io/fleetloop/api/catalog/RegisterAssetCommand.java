package io.fleetloop.api.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.fleetloop.api.common.TenantOwned;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionTaskId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

public record RegisterAssetCommand(@TargetAggregateIdentifier AssetId assetId, String tenantId, DataSourceId sourceId,
                                   IngestionTaskId ingestionTaskId, String storagePath, long sizeBytes, String sha256,
                                   Modality modality, Instant ingestedAt,
                                   Map<String, String> attributes) implements TenantOwned {
    @JsonCreator
    public RegisterAssetCommand {
        attributes = AssetAttributes.copyOf(attributes);
    }

    /** An asset without attributes. */
    public RegisterAssetCommand(AssetId assetId, String tenantId, DataSourceId sourceId, IngestionTaskId ingestionTaskId,
                                String storagePath, long sizeBytes, String sha256, Modality modality, Instant ingestedAt) {
        this(assetId, tenantId, sourceId, ingestionTaskId, storagePath, sizeBytes, sha256, modality, ingestedAt, Map.of());
    }
}
