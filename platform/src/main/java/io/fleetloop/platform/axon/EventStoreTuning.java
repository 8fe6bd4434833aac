package io.fleetloop.platform.axon;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * The PostgreSQL event store as Axon's auto-configuration builds it, with a larger fetch batch: a streaming processor
 * that is behind the head (a replay) reads {@code fleetloop.event-store.fetch-batch-size} events per query instead of
 * Axon's 100, and reads the next batch ahead while the processor handles one ({@link PrefetchedEvents}, off with
 * {@code fleetloop.event-store.prefetch=false}); and an aggregate load looks for a snapshot only once there are
 * snapshots ({@link SnapshotsWhenTaken}). With {@code fleetloop.event-store.consumer-pace-ms} above 0, processors that
 * have caught up wait for new events at most once per that many ms ({@link PacedEventStreams}); 0, the default, is
 * Axon's wake-up of every processor on every commit (the two did not measure clearly apart, docs/performance.md).
 * Not used on Axon Server ({@code axon.axonserver.enabled=true}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
class EventStoreTuning {

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer, PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration, ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager, EventSchema eventSchema,
                                          @Value("${fleetloop.event-store.fetch-batch-size:1000}") int fetchBatchSize,
                                          @Value("${fleetloop.event-store.gap-max-offset:200000}") int gapMaxOffset,
                                          @Value("${fleetloop.event-store.gap-timeout-ms:600000}") int gapTimeoutMs,
                                          @Value("${fleetloop.event-store.prefetch:true}") boolean prefetch) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .batchSize(fetchBatchSize);
        // A gap in the global index is an append still in flight (or rolled back). Axon gives up on a gap 10,000
        // entries behind the head or 60 s old and its events are then never handled; group commits of 1,000 device
        // reports or asset registrations appended side by side on a loaded machine reach both. Wait longer before
        // treating a gap as a rollback.
        return new SnapshotsWhenTaken(builder, connectionProvider, eventSchema, prefetch ? fetchBatchSize : 0, gapMaxOffset, gapTimeoutMs);
    }

    /** Axon's, which its JDBC auto-configuration leaves out once an event store bean is defined (as below). */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new JdbcSQLErrorCodesResolver();
    }

    /** Axon's event store bean as its auto-configuration builds it, with paced processor streams. */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  @Value("${fleetloop.event-store.consumer-pace-ms:0}") long paceMillis) {
        if (paceMillis < 0 || paceMillis > 1000) {
            throw new IllegalArgumentException("fleetloop.event-store.consumer-pace-ms must be 0 (off) to 1000, got " + paceMillis);
        }
        EmbeddedEventStore.Builder builder = EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class));
        return new PacedEventStreams.Store(builder, paceMillis);
    }

    /**
     * Axon's JDBC engine, except that loading an aggregate looks for a snapshot only once snapshots are taken: no
     * aggregate here has a snapshot trigger, and the snapshot query was one of the three round trips of every command
     * on an existing aggregate (a scene-mining job's per-asset update, a device report, a task transition). Whether
     * the snapshot table holds any row is asked once, on the first load; storing a snapshot turns the look-up on.
     * Snapshots are an optimisation only — without one the aggregate is rebuilt from all its events — so a node that
     * has not seen another node's first snapshot loads correctly, just without it.
     */
    static final class SnapshotsWhenTaken extends JdbcEventStorageEngine {

        /** Serialized payload that may wait in one read-ahead stream, and the largest payload deserialized ahead. */
        private static final long PREFETCH_BYTES = 16L << 20;
        private static final long PREFETCH_DESERIALIZE_LIMIT = 256L << 10;

        /** Axon's default first global index, which this engine does not change. */
        private static final long LOWEST_GLOBAL_SEQUENCE = 1;

        private final ConnectionProvider connections;
        private final EventSchema schema;
        private final String snapshotTable;
        private final int prefetchEvents;
        private final int maxGapOffset;
        private final int gapTimeoutMs;
        private volatile Boolean snapshotsTaken;

        SnapshotsWhenTaken(Builder builder, ConnectionProvider connections, EventSchema schema, int prefetchEvents,
                           int maxGapOffset, int gapTimeoutMs) {
            super(builder.maxGapOffset(maxGapOffset).gapTimeout(gapTimeoutMs));
            this.connections = connections;
            this.schema = schema;
            this.snapshotTable = schema.snapshotTable();
            this.prefetchEvents = prefetchEvents;
            this.maxGapOffset = maxGapOffset;
            this.gapTimeoutMs = gapTimeoutMs;
        }

        /**
         * As Axon's engine reads a stored event for a stream (same entry, same token: the gap rules below are its
         * own), except that the timestamp is read once and without a formatter ({@link StoredTimestamps}); Axon's
         * entry parsed its text on every {@code getTimestamp()}, twice per event at least.
         */
        @Override
        protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken) throws SQLException {
            long globalSequence = resultSet.getLong(schema.globalIndexColumn());
            String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
            String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
            Object stored = readTimeStamp(resultSet, schema.timestampColumn());
            if (!(stored instanceof String text)) return super.getTrackedEventData(resultSet, previousToken);
            DomainEventData<?> event = new ParsedTimestampEntry<>(resultSet.getString(schema.typeColumn()),
                    eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                    resultSet.getLong(schema.sequenceNumberColumn()), eventIdentifier, text,
                    resultSet.getString(schema.payloadTypeColumn()), resultSet.getString(schema.payloadRevisionColumn()),
                    readPayload(resultSet, schema.payloadColumn()), readPayload(resultSet, schema.metaDataColumn()));
            boolean allowGaps = event.getTimestamp().isAfter(GenericEventMessage.clock.instant().minusMillis(gapTimeoutMs));
            GapAwareTrackingToken token;
            if (previousToken == null) {
                token = GapAwareTrackingToken.newInstance(globalSequence, allowGaps
                        ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalSequence), globalSequence).boxed()
                        .collect(Collectors.toCollection(TreeSet::new))
                        : Collections.emptySortedSet());
            } else {
                token = previousToken.advanceTo(globalSequence, allowGaps ? maxGapOffset : 0);
            }
            return new TrackedDomainEventData<>(token, event);
        }

        /** A stored event whose timestamp was parsed once, when it was read. */
        static final class ParsedTimestampEntry<T> extends GenericDomainEventEntry<T> {

            private final Instant timestamp;

            ParsedTimestampEntry(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                                 String storedTimestamp, String payloadType, String payloadRevision, T payload, T metaData) {
                super(type, aggregateIdentifier, sequenceNumber, eventIdentifier, storedTimestamp, payloadType, payloadRevision,
                        payload, metaData);
                this.timestamp = StoredTimestamps.parse(storedTimestamp);
            }

            @Override
            public Instant getTimestamp() {
                return timestamp;
            }
        }

        /**
         * A stream that ends at the head ({@code mayBlock} false: a processor reading on its own because it is behind,
         * as in a replay) is read ahead on a thread of its own ({@link PrefetchedEvents}); the tailing stream of the
         * event store's shared reader is not.
         */
        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            Stream<? extends TrackedEventMessage<?>> events = super.readEvents(trackingToken, mayBlock);
            if (mayBlock || prefetchEvents <= 0) return events;
            Serializer serializer = getEventSerializer();
            return PrefetchedEvents.<TrackedEventMessage<?>>of(events, prefetchEvents, PREFETCH_BYTES, PREFETCH_DESERIALIZE_LIMIT,
                    event -> PrefetchedEvents.payloadBytes(event, serializer), PrefetchedEvents::deserialize);
        }

        /** The text Axon writes, without its formatter ({@link StoredTimestamps#format}). */
        @Override
        protected void writeTimestamp(PreparedStatement statement, int position, Instant timestamp) throws SQLException {
            statement.setString(position, StoredTimestamps.format(timestamp));
        }

        @Override
        protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
            if (!snapshotsTaken()) return Stream.empty();
            return super.readSnapshotData(aggregateIdentifier);
        }

        @Override
        protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
            super.storeSnapshot(snapshot, serializer);
            snapshotsTaken = true;
        }

        boolean snapshotsTaken() {
            Boolean known = snapshotsTaken;
            if (known != null) return known;
            try (Connection connection = connections.getConnection();
                 PreparedStatement any = connection.prepareStatement("select exists (select 1 from " + snapshotTable + ")");
                 ResultSet result = any.executeQuery()) {
                result.next();
                boolean taken = result.getBoolean(1);
                if (snapshotsTaken == null) snapshotsTaken = taken;
                return snapshotsTaken;
            } catch (SQLException e) {
                return true; // unknown: look as Axon does
            }
        }
    }
}
