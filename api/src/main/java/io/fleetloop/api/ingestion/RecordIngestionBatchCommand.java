package io.fleetloop.api.ingestion;

import io.fleetloop.api.catalog.AssetAttributes;
import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/**
 * A batch landed as one object (a Kafka offset range, or one completed upload): recorded and announced at once,
 * once per {@code batchKey}; answers with {@link IngestedObject}. {@code range} is null for an upload.
 */
public record RecordIngestionBatchCommand(@TargetAggregateIdentifier IngestionTaskId taskId, String tenantId,
                                          String batchKey, StreamRange range, String storagePath, long sizeBytes,
                                          String sha256, Map<String, String> attributes) implements TenantOwned {
    public RecordIngestionBatchCommand {
        attributes = AssetAttributes.copyOf(attributes);
    }
}
