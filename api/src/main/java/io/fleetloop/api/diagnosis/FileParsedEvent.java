package io.fleetloop.api.diagnosis;

/** Seed 004 FileParsed: one file's parse results, recorded once per fileId (the barrier counts it once). */
public record FileParsedEvent(LogBatchId batchId, String tenantId, String fileId, FileParseStats stats) implements LogBatchEvent {
}
