package io.fleetloop.api.diagnosis;

/** The request of the log-parse job (one per file, queued by the log-batch process on scatter). */
public record ParseLogFileJob(String tenantId, LogBatchId batchId, BatchFile file) {

    public static final String NAME = "log-parse";

    public String instanceId() {
        return batchId.value() + "/" + file.fileId();
    }
}
