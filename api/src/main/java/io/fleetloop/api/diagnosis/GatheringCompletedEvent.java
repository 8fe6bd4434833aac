package io.fleetloop.api.diagnosis;

/**
 * Seed 004 GatheringCompleted: the batch's report (statistics for the report read model and charts); diagnosis
 * {@code diagnosisAttempt} is due (until {@code diagnosisDeadline}, then the batch completes without one) for the batch's vehicle platform and firmware.
 */
public record GatheringCompletedEvent(LogBatchId batchId, String tenantId, BatchReport report, String vehiclePlatform,
                                      String firmwareVersion, int diagnosisAttempt,
                                      java.time.Instant diagnosisDeadline) implements LogBatchEvent {
}
