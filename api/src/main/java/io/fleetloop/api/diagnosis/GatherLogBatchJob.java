package io.fleetloop.api.diagnosis;

import java.util.List;

/** The request of the log-gather job (queued by the log-batch process once the barrier fired). */
public record GatherLogBatchJob(String tenantId, LogBatchId batchId, List<FileOutcome> files) {

    public static final String NAME = "log-gather";

    public GatherLogBatchJob {
        files = List.copyOf(files);
    }

    public String instanceId() {
        return batchId.value();
    }
}
