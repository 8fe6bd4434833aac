package io.fleetloop.api.diagnosis;

import java.time.Instant;
import java.util.List;

/** Upload completed: one parse job per file is due; files not reported by {@code deadline} fail. */
public record ScatterStartedEvent(LogBatchId batchId, String tenantId, List<BatchFile> files, Instant deadline)
        implements LogBatchEvent {
    public ScatterStartedEvent {
        files = List.copyOf(files);
    }
}
