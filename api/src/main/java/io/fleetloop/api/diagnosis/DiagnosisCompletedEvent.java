package io.fleetloop.api.diagnosis;

/** Seed 004 DiagnosisCompleted: the diagnosis of a batch (attempt), recorded once. */
public record DiagnosisCompletedEvent(LogBatchId batchId, String tenantId, int attempt, Diagnosis diagnosis) implements LogBatchEvent {
}
