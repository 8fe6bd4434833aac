package io.fleetloop.projections.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.DataIngestionStoppedEvent;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionBatch;
import io.fleetloop.api.ingestion.IngestionRule;
import io.fleetloop.api.ingestion.IngestionTaskCreatedEvent;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.ingestion.ObjectIngestedEvent;
import io.fleetloop.api.ingestion.ProtocolType;
import io.fleetloop.api.ingestion.StreamRange;
import io.fleetloop.projections.support.ReadModelDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A task that delivers in batches stays running while each batch adds its asset; a stop shows as STOPPED. */
class IngestionBatchProjectionTest {

    private static final Instant AT = Instant.parse("2026-12-04T08:00:00Z");
    private static final DataSourceId SOURCE = new DataSourceId("src-k");
    private static final IngestionRule RULE = new IngestionRule("**", "kafka", Modality.CAN);

    private final JdbcClient jdbc = ReadModelDatabase.jdbc();
    private final IngestionTaskProjection projection = new IngestionTaskProjection(jdbc, new ObjectMapper().findAndRegisterModules());
    private final IngestionTaskId task = new IngestionTaskId(UUID.randomUUID().toString());

    private void batch(int sequence, long from, long to) throws Exception {
        StreamRange range = new StreamRange("t", 0, from, to, (int) (to - from + 1));
        AssetId asset = new AssetId("a-" + from);
        projection.on(new ObjectIngestedEvent(task, "acme", SOURCE, range.batchKey(), asset, "s3://b/" + from, 10, "sha-" + from,
                Modality.CAN, false, AT, Map.of()));
        projection.on(new DataIngestionCompletedEvent(task, "acme", SOURCE, List.of(asset), List.of("s3://b/" + from), Modality.CAN,
                List.of(), 1, 0, 10, AT, new IngestionBatch(range.batchKey(), sequence, range)));
    }

    private String view(String columns) {
        return jdbc.sql("select " + columns + " from ingestion_task_view where task_id = ?").param(task.value()).query(String.class).single();
    }

    @Test
    void batchesAddTheirAssetsAndTheFinalCompletionKeepsThem() throws Exception {
        projection.on(new IngestionTaskCreatedEvent(task, "acme", SOURCE, ProtocolType.KAFKA, null, RULE, AT));
        projection.on(new DataIngestionStartedEvent(task, "acme", SOURCE, ProtocolType.KAFKA, null, RULE, 1, AT));
        batch(1, 0, 9);
        batch(2, 10, 19);

        assertThat(view("status || ' ' || object_count || ' ' || total_bytes || ' ' || asset_ids::text")).isEqualTo("RUNNING 2 20 [\"a-0\", \"a-10\"]");

        projection.on(new DataIngestionCompletedEvent(task, "acme", SOURCE, List.of(), List.of(), Modality.CAN, List.of(), 2, 0, 20, AT));
        assertThat(view("status || ' ' || object_count || ' ' || jsonb_array_length(asset_ids)")).isEqualTo("COMPLETED 2 2");
    }

    @Test
    void aStoppedTaskShowsWhyAndRunsAgainWhenStarted() throws Exception {
        projection.on(new IngestionTaskCreatedEvent(task, "acme", SOURCE, ProtocolType.KAFKA, null, RULE, AT));
        projection.on(new DataIngestionStartedEvent(task, "acme", SOURCE, ProtocolType.KAFKA, null, RULE, 1, AT));
        batch(1, 0, 9);
        projection.on(new DataIngestionStoppedEvent(task, "acme", SOURCE, "stopped by alice", AT));
        assertThat(view("status || ' ' || error_message")).isEqualTo("STOPPED stopped by alice");

        projection.on(new DataIngestionStartedEvent(task, "acme", SOURCE, ProtocolType.KAFKA, null, RULE, 2, AT));
        batch(2, 10, 19);
        assertThat(view("status || ' ' || attempt || ' ' || object_count")).isEqualTo("RUNNING 2 2");
    }
}
