package io.fleetloop.api.diagnosis;

/** The diagnosis of a batch failed (the diagnoser's reason), or timed out (the batch then completes without one). */
public record DiagnosisFailedEvent(LogBatchId batchId, String tenantId, int attempt, String reason) implements LogBatchEvent {
}
