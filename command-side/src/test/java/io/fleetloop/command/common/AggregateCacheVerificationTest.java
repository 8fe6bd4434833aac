package io.fleetloop.command.common;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AggregateCacheVerificationTest {

    static class Counter {
        @AggregateIdentifier
        String id = "c-1";
    }

    private final List<String> asked = new ArrayList<>();

    private static AggregateCacheEntry<Counter> entryAt(long version) {
        EventSourcedAggregate<Counter> aggregate = EventSourcedAggregate.initialize(new Counter(),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Counter.class), null, (org.axonframework.eventsourcing.SnapshotTrigger) null);
        aggregate.initSequence(version);
        return new AggregateCacheEntry<>(aggregate);
    }

    private Cache verified(Cache cache, long lastInStore) {
        return new AggregateCacheVerification.Verified(cache, id -> {
            asked.add(id);
            return Optional.of(lastInStore);
        });
    }

    @Test
    void anEntryAtTheStoresLastSequenceNumberIsUsed() {
        RecentAggregates cache = new RecentAggregates(8);
        AggregateCacheEntry<Counter> entry = entryAt(4);
        cache.put("c-1", entry);

        assertThat((Object) verified(cache, 4).get("c-1")).isSameAs(entry);
        assertThat(asked).containsExactly("c-1");
    }

    @Test
    void anEntryAnotherNodeHasAppendedToSinceIsDroppedSoTheAggregateIsLoadedAfresh() {
        RecentAggregates cache = new RecentAggregates(8);
        cache.put("c-1", entryAt(4));

        assertThat((Object) verified(cache, 6).get("c-1")).isNull();
        assertThat(cache.containsKey("c-1")).isFalse();
    }

    @Test
    void missesAndOtherValuesDoNotAskTheEventStore() {
        RecentAggregates cache = new RecentAggregates(8);
        cache.put("other", "not an aggregate");
        Cache verified = verified(cache, 1);

        assertThat((Object) verified.get("absent")).isNull();
        assertThat((Object) verified.get("other")).isEqualTo("not an aggregate");
        assertThat(asked).isEmpty();
    }
}
