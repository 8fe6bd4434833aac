package io.fleetloop.command.common;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.lang.reflect.Field;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Makes an aggregate cache safe on several nodes. A cached aggregate is used only while no other node has appended to
 * it since: when Axon's caching repository takes an entry (under the aggregate's lock, inside the command's
 * transaction), its version is compared with the event store's last sequence number for that aggregate
 * ({@link EventStore#lastSequenceNumberFor}, one indexed query, or one call to Axon Server); a stale entry is dropped and
 * the aggregate loaded afresh. Without this a node decided from an outdated copy: a command refused without appending
 * (a device report for a batch another node had started, a batch start after another node closed the previous batch)
 * was wrongly refused, because only an append would have met the event store's (aggregate, sequence) key.
 * {@code fleetloop.aggregate-cache.verify=false} turns the check off (one node only).
 */
@Component
public class AggregateCacheVerification {

    private static final Field VERSION = versionField();

    private final Supplier<EventStore> events;
    private final boolean enabled;

    AggregateCacheVerification(ObjectProvider<EventStore> events, @Value("${fleetloop.aggregate-cache.verify:true}") boolean enabled) {
        this.events = events::getObject;
        this.enabled = enabled;
    }

    /** {@code cache}, checked against the event store on every read (or {@code cache} itself when the check is off). */
    public Cache verified(Cache cache) {
        return enabled ? new Verified(cache, id -> events.get().lastSequenceNumberFor(id)) : cache;
    }

    private static Field versionField() {
        try {
            Field field = AggregateCacheEntry.class.getDeclaredField("version");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether a cache entry was taken at the event store's last sequence number (never, when that cannot be told). */
    static boolean current(Object entry, Supplier<Optional<Long>> lastSequence) {
        if (VERSION == null) return false;
        try {
            return Objects.equals(Optional.ofNullable((Long) VERSION.get(entry)), lastSequence.get());
        } catch (IllegalAccessException | RuntimeException e) {
            return false;
        }
    }

    static final class Verified implements Cache {

        private final Cache cache;
        private final Function<String, Optional<Long>> lastSequence;

        Verified(Cache cache, Function<String, Optional<Long>> lastSequence) {
            this.cache = cache;
            this.lastSequence = lastSequence;
        }

        @Override
        public <K, V> V get(K key) {
            V entry = cache.get(key);
            if (!(entry instanceof AggregateCacheEntry<?>)) return entry;
            if (current(entry, () -> lastSequence.apply(key.toString()))) return entry;
            cache.remove(key);
            return null;
        }

        @Override
        public void put(Object key, Object value) {
            cache.put(key, value);
        }

        @Override
        public boolean putIfAbsent(Object key, Object value) {
            return cache.putIfAbsent(key, value);
        }

        @Override
        public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
            return cache.computeIfAbsent(key, valueSupplier);
        }

        @Override
        public boolean remove(Object key) {
            return cache.remove(key);
        }

        @Override
        public void removeAll() {
            cache.removeAll();
        }

        @Override
        public boolean containsKey(Object key) {
            return cache.containsKey(key);
        }

        @Override
        public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
            cache.computeIfPresent(key, update);
        }

        @Override
        public Registration registerCacheEntryListener(EntryListener entryListener) {
            return cache.registerCacheEntryListener(entryListener);
        }
    }
}
