package io.fleetloop.api.diagnosis;

/** A file that definitively failed to parse (the parser crashed on its last try, or the batch deadline passed), with the reason. */
public record FileParseFailedEvent(LogBatchId batchId, String tenantId, String fileId, String reason) implements LogBatchEvent {
}
