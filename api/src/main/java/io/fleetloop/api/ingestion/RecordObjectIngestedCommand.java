package io.fleetloop.api.ingestion;

import io.fleetloop.api.catalog.AssetAttributes;
import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** The connector landed one source object, with its user metadata as attributes; answers with {@link IngestedObject}. */
public record RecordObjectIngestedCommand(@TargetAggregateIdentifier IngestionTaskId taskId, String tenantId,
                                          String sourceKey, String storagePath, long sizeBytes,
                                          String sha256, Map<String, String> attributes) implements TenantOwned {
    public RecordObjectIngestedCommand {
        attributes = AssetAttributes.copyOf(attributes);
    }
}
