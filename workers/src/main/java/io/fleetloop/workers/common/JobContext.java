package io.fleetloop.workers.common;

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
}
