package io.fleetloop.api.diagnosis;

import java.util.List;

/** Seed 004 AllFilesParsed: the barrier fired (once) — every file parsed or definitively failed; gather is due. */
public record AllFilesParsedEvent(LogBatchId batchId, String tenantId, List<FileOutcome> files) implements LogBatchEvent {
    public AllFilesParsedEvent {
        files = List.copyOf(files);
    }
}
