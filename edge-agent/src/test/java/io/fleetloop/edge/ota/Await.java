package io.fleetloop.edge.ota;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A bounded wait for completion (never a timing assertion): polls the condition until it holds or the limit passes. */
final class Await {

    private Await() {
    }

    static void until(BooleanSupplier condition, Duration limit, Supplier<String> whatWasSeen) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + limit + ": " + whatWasSeen.get());
            }
            Thread.sleep(50);
        }
    }
}
