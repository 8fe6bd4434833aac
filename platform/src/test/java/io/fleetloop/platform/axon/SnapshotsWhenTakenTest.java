package io.fleetloop.platform.axon;

import io.fleetloop.infra.LocalInfra;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store looks for snapshots only once there are any, against a real PostgreSQL: none is read while the
 * snapshot table is empty, a stored snapshot is read from then on, and a second engine (another node, a restart)
 * finds the snapshots already in the table. And a stream read ahead (a replay) holds the same events, tokens and
 * payloads as Axon's own.
 */
class SnapshotsWhenTakenTest {

    private static LocalInfra infra;
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void start() throws Exception {
        infra = LocalInfra.builder().dataDir(Files.createTempDirectory("fleetloop-snapshots-")).postgres(true)
                .temporaryPostgresDatabase("fleetloop_snapshots_" + UUID.randomUUID().toString().substring(0, 8))
                .fixedPorts(false).start();
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(infra.postgres().jdbcUrl());
        dataSource.setUser(infra.postgres().username());
        dataSource.setPassword(infra.postgres().password());
    }

    @AfterAll
    static void stop() {
        if (infra != null) infra.close();
    }

    private static EventStoreTuning.SnapshotsWhenTaken engine() {
        return engine(0);
    }

    private static EventStoreTuning.SnapshotsWhenTaken engine(int prefetchEvents) {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        DataSourceConnectionProvider connections = new DataSourceConnectionProvider(dataSource);
        EventSchema schema = EventSchema.builder().build();
        return new EventStoreTuning.SnapshotsWhenTaken(JdbcEventStorageEngine.builder().snapshotSerializer(serializer).eventSerializer(serializer)
                .connectionProvider(connections).transactionManager(NoTransactionManager.INSTANCE).schema(schema).batchSize(1000), connections, schema, prefetchEvents, 10_000, 60_000);
    }

    private static DomainEventMessage<String> event(String aggregate, long sequence, String payload) {
        return new GenericDomainEventMessage<>("Thing", aggregate, sequence, payload);
    }

    @Test
    void snapshotsAreLookedForOnceThereAreAny() {
        EventStoreTuning.SnapshotsWhenTaken first = engine();
        first.createSchema(PostgresEventTableFactory.INSTANCE);
        first.appendEvents(event("t1", 0, "created"), event("t1", 1, "changed"));

        assertThat(first.snapshotsTaken()).isFalse();
        assertThat(first.readSnapshot("t1")).isEmpty();
        assertThat(first.readEvents("t1").asStream().map(e -> (Object) e.getPayload())).containsExactly("created", "changed");

        first.storeSnapshot(event("t1", 1, "state after changed"));
        assertThat(first.snapshotsTaken()).isTrue();
        Optional<DomainEventMessage<?>> snapshot = first.readSnapshot("t1");
        assertThat(snapshot.map(s -> (Object) s.getPayload())).contains("state after changed");

        EventStoreTuning.SnapshotsWhenTaken second = engine();
        assertThat(second.readSnapshot("t1").map(DomainEventMessage::getSequenceNumber)).contains(1L);
        assertThat(second.snapshotsTaken()).isTrue();
    }

    @Test
    void aStreamReadAheadHoldsWhatAxonsOwnStreamHolds() throws Exception {
        EventStoreTuning.SnapshotsWhenTaken plain = engine(0);
        plain.createSchema(PostgresEventTableFactory.INSTANCE);
        String large = "x".repeat(400_000); // over the size deserialized ahead
        Instant old = Instant.now().minus(Duration.ofHours(2)); // past the gap timeout
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            String payload = i == 1_234 ? large : "event " + i;
            events.add(i % 5 == 0
                    ? new GenericDomainEventMessage<>("Thing", "r" + (i % 7), i / 7, payload, MetaData.with("n", i), UUID.randomUUID().toString(), old)
                    : event("r" + (i % 7), i / 7, payload));
        }
        for (int from = 0; from < events.size(); from += 500) plain.appendEvents(events.subList(from, from + 500));
        // Gaps in the global index, as appends rolled back leave them: the tokens must carry them alike.
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("delete from DomainEventEntry where globalIndex in (select globalIndex from DomainEventEntry"
                    + " order by globalIndex offset 10 limit 3) or globalIndex in (select globalIndex from DomainEventEntry"
                    + " order by globalIndex offset 1500 limit 1)");
        }

        // Axon's own engine, unchanged, as the reference.
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        JdbcEventStorageEngine axon = JdbcEventStorageEngine.builder().snapshotSerializer(serializer).eventSerializer(serializer)
                .connectionProvider(new DataSourceConnectionProvider(dataSource)).transactionManager(NoTransactionManager.INSTANCE)
                .schema(EventSchema.builder().build()).batchSize(1000).build();
        List<String> expected = read(axon.readEvents(null, false));
        assertThat(expected).hasSizeBetween(2_496, 2_498); // less the 4 deleted; the other test's 2 events may be there
        assertThat(read(plain.readEvents(null, false))).containsExactlyElementsOf(expected);
        EventStoreTuning.SnapshotsWhenTaken ahead = engine(100);
        assertThat(read(ahead.readEvents(null, false))).containsExactlyElementsOf(expected);

        TrackingToken midway;
        try (Stream<? extends TrackedEventMessage<?>> stream = axon.readEvents(null, false)) {
            midway = stream.skip(1_300).findFirst().orElseThrow().trackingToken();
        }
        List<String> rest = read(ahead.readEvents(midway, false));
        assertThat(rest).hasSize(expected.size() - 1_301).containsExactlyElementsOf(read(axon.readEvents(midway, false)));
    }

    private static List<String> read(Stream<? extends TrackedEventMessage<?>> stream) {
        try (stream) {
            return stream.map(e -> e.trackingToken() + " " + e.getIdentifier() + " " + e.getTimestamp() + " "
                    + (e instanceof DomainEventMessage<?> d ? d.getAggregateIdentifier() + "/" + d.getSequenceNumber() : "")
                    + " " + String.valueOf(e.getPayload()).hashCode() + " " + e.getMetaData()).toList();
        }
    }
}
