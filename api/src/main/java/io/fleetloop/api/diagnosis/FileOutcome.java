package io.fleetloop.api.diagnosis;

/** How one file of a batch ended in scatter: parsed (stats set) or failed (reason set). */
public record FileOutcome(BatchFile file, boolean parsed, FileParseStats stats, String reason) {
}
