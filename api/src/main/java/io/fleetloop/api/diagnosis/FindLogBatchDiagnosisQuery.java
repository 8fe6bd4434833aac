package io.fleetloop.api.diagnosis;

/** A log batch's status and diagnosis (empty when the tenant has no such batch). */
public record FindLogBatchDiagnosisQuery(String tenantId, LogBatchId batchId) {
}
