package io.fleetloop.api.ingestion;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A client announces a file it will push to a running HTTP-upload task; answers with the task's target path, below
 * which the file lands. {@code sha256} and {@code sizeBytes} are what the completed upload must hold.
 */
public record OpenUploadCommand(@TargetAggregateIdentifier IngestionTaskId taskId, String tenantId, String uploadId,
                                String fileName, long sizeBytes, String sha256) implements TenantOwned {
}
