package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A file streamed to the store and verified: add it to the pending batch (the same file again is a no-op). */
public record RegisterBatchFileCommand(@TargetAggregateIdentifier LogBatchId batchId, String tenantId, BatchFile file)
        implements TenantOwned {
}
