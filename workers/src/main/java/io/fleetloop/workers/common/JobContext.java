package io.fleetloop.workers.common;

import io.fleetloop.api.metering.UsageSubject;

/** What a running job sees of the queue: who it is, and where it reports progress, cancellation checks and usage. */
public interface JobContext {

    /** {@code <job name>/<instance id>}: stable across retries. */
    String jobId();

    /** 1 for the first try. */
    int attempt();

    boolean lastTry();

    /** {@code done} of {@code total} units (total unknown: negative). */
    void progress(long done, long total);

    /** True once the job was cancelled ({@link JobControl#cancel}) or this worker is shutting down: stop early. */
    boolean cancelled();

    /** Resources used, for cost accounting, e.g. ("object-store-bytes", 1.2e9, "byte"), ("cpu", 3.5, "core-second"). */
    void recordUsage(String resource, double quantity, String unit);

    /**
     * Records usage ({@link #recordUsage}) and meters it to the tenant's account as a usage event, under the usage id
     * {@code <job id>/<resource>}: {@code quantity} is the job's total of that resource, so a retried job reporting
     * again is charged only for what exceeds its earlier report, never twice.
     */
    void meter(UsageSubject subject, String resource, double quantity, String unit);
}
