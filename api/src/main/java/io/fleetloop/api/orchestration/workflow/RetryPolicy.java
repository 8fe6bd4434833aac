package io.fleetloop.api.orchestration.workflow;

import java.time.Duration;

/** maxAttempts counts the first attempt; the n-th retry waits backoff × multiplier^(n−1). */
public record RetryPolicy(int maxAttempts, Duration backoff, double multiplier) {
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0);
}
