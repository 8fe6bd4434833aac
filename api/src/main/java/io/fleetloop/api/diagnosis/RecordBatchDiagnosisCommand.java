package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The diagnosis job's answer to the LogBatch aggregate: a diagnosis, or (diagnosis null) the reason it failed.
 * Idempotent per attempt: a repeated answer for an attempt already recorded changes nothing.
 */
public record RecordBatchDiagnosisCommand(@TargetAggregateIdentifier LogBatchId batchId, String tenantId, int attempt,
                                          Diagnosis diagnosis, String failureReason) implements TenantOwned {
}
