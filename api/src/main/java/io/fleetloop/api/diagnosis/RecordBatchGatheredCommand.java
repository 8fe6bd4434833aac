package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The gather job's answer: the batch report, or (report null) the reason gathering failed. Idempotent. */
public record RecordBatchGatheredCommand(@TargetAggregateIdentifier LogBatchId batchId, String tenantId, BatchReport report,
                                         String failureReason) implements TenantOwned {
}
