package io.fleetloop.platform.admin;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only projection, registered only in {@link ProcessorAdminEndToEndTest}'s own platform (through
 * {@code spring.main.sources}, never by component scanning): it throws for the aggregates listed in {@link #POISONED}
 * and otherwise records the steps it handled per aggregate (its "read model").
 */
@ProcessingGroup(PoisonTestProjection.GROUP)
public class PoisonTestProjection {

    public static final String GROUP = "poison-test";
    static final Set<String> POISONED = ConcurrentHashMap.newKeySet();
    static final Map<String, List<Integer>> HANDLED = new ConcurrentHashMap<>();
    /** Calls per aggregate, failed ones included. */
    static final Map<String, java.util.concurrent.atomic.AtomicInteger> CALLS = new ConcurrentHashMap<>();

    @EventHandler
    void on(PoisonTestEvent event) {
        CALLS.computeIfAbsent(event.aggregateId(), id -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        if (POISONED.contains(event.aggregateId())) throw new IllegalStateException("poisoned aggregate " + event.aggregateId());
        HANDLED.computeIfAbsent(event.aggregateId(), id -> new CopyOnWriteArrayList<>()).add(event.step());
    }

    @ResetHandler
    void reset() {
        HANDLED.clear();
    }
}
