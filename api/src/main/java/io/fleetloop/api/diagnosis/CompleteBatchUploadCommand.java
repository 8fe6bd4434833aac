package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code POST /api/v1/batches/{id}/complete}: every file is uploaded; scatter starts. */
public record CompleteBatchUploadCommand(@TargetAggregateIdentifier LogBatchId batchId, String tenantId) implements TenantOwned {
}
