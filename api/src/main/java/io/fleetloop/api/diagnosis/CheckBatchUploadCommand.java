package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asked before an upload streams its bytes: is the batch this tenant's and still pending, and is {@code fileId} free
 * (or registered with the same sha256 when given)? Answers the registered file if it is already there, else null.
 */
public record CheckBatchUploadCommand(@TargetAggregateIdentifier LogBatchId batchId, String tenantId, String fileId)
        implements TenantOwned {
}
