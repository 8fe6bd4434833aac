package io.fleetloop.workers.diagnosis;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backpressure toward the model: at most {@code maxConcurrency} calls in flight, at most {@code maxWaiting} callers
 * waiting (each at most {@code maxWait}); anyone beyond is refused with {@link DiagnoserBusyException} at once, so no
 * thread or queue grows without bound. It runs the caller's call on the caller's thread (no pool of its own).
 */
final class ConcurrencyGate {

    private final Semaphore permits;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int maxWaiting;
    private final Duration maxWait;

    ConcurrencyGate(int maxConcurrency, int maxWaiting, Duration maxWait) {
        this.permits = new Semaphore(maxConcurrency, true);
        this.maxWaiting = maxWaiting;
        this.maxWait = maxWait;
    }

    <T> T call(Callable<T> call) throws Exception {
        if (!permits.tryAcquire()) {
            if (waiting.incrementAndGet() > maxWaiting) {
                waiting.decrementAndGet();
                throw new DiagnoserBusyException("all model slots are busy and " + maxWaiting + " jobs already wait");
            }
            try {
                if (!permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new DiagnoserBusyException("no model slot within " + maxWait);
                }
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            return call.call();
        } finally {
            permits.release();
        }
    }

    int available() {
        return permits.availablePermits();
    }
}
