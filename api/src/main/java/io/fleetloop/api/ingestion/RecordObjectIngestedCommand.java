package io.fleetloop.api.ingestion;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The connector landed one source object; answers with {@link IngestedObject}. */
public record RecordObjectIngestedCommand(@TargetAggregateIdentifier IngestionTaskId taskId, String tenantId,
                                          String sourceKey, String storagePath, long sizeBytes,
                                          String sha256) implements TenantOwned {
}
