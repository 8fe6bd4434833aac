package io.fleetloop.platform.axon;

import io.fleetloop.infra.LocalInfra;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store looks for snapshots only once there are any, against a real PostgreSQL: none is read while the
 * snapshot table is empty, a stored snapshot is read from then on, and a second engine (another node, a restart)
 * finds the snapshots already in the table.
 */
class SnapshotsWhenTakenTest {

    private static LocalInfra infra;
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void start() throws Exception {
        infra = LocalInfra.builder().dataDir(Files.createTempDirectory("fleetloop-snapshots-")).postgres(true)
                .postgresDatabase("fleetloop_snapshots_" + UUID.randomUUID().toString().substring(0, 8), true)
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
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        DataSourceConnectionProvider connections = new DataSourceConnectionProvider(dataSource);
        EventSchema schema = EventSchema.builder().build();
        return new EventStoreTuning.SnapshotsWhenTaken(JdbcEventStorageEngine.builder().snapshotSerializer(serializer).eventSerializer(serializer)
                .connectionProvider(connections).transactionManager(NoTransactionManager.INSTANCE).schema(schema), connections, schema);
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
}
