package io.fleetloop.api.diagnosis;

import java.time.Instant;

/** Seed 004 FileUploaded: a file of the batch is in the store, its size and sha256 verified. */
public record FileUploadedEvent(LogBatchId batchId, String tenantId, BatchFile file, Instant uploadedAt) implements LogBatchEvent {
}
