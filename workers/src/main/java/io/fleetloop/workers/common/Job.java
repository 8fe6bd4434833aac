package io.fleetloop.workers.common;

/**
 * A compute job: runs one request (a message record of {@code api}) claimed from the durable job queue. Whatever
 * it does, it reports through its {@link JobContext}: progress, whether it was cancelled, and the resources it used.
 * A job may run again after a crash or a failure (the queue retries it with back-off), so its effects must be
 * idempotent; its last try knows it is the last ({@link JobContext#lastTry()}) and records the failure.
 *
 * @param <R> the request type
 */
public interface Job<R> {

    /** The name the request is queued under (the request record's {@code NAME}). */
    String name();

    Class<R> requestType();

    /** How many tries a request gets before the job gives up (retried with exponential back-off in between). */
    default int maxTries() {
        return 5;
    }

    void run(R request, JobContext context) throws Exception;
}
