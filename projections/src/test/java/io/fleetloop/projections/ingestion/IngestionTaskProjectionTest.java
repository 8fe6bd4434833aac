package io.fleetloop.projections.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataIngestionFailedEvent;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionRule;
import io.fleetloop.api.ingestion.IngestionTaskCreatedEvent;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.ingestion.IngestionTaskView;
import io.fleetloop.api.ingestion.ObjectIngestedEvent;
import io.fleetloop.api.ingestion.ObjectSkippedEvent;
import io.fleetloop.api.ingestion.ProtocolType;
import io.fleetloop.projections.support.ReadModelDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IngestionTaskProjectionTest {

    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");
    private static final DataSourceId SOURCE = new DataSourceId("src-1");
    private static final IngestionRule RULE = new IngestionRule("**", "landing", Modality.LIDAR);

    private final JdbcClient jdbc = ReadModelDatabase.jdbc();
    private final IngestionTaskProjection projection = new IngestionTaskProjection(jdbc, new ObjectMapper().findAndRegisterModules());
    private final IngestionTaskId task = new IngestionTaskId(UUID.randomUUID().toString());

    private void createdAndStarted(int attempt) {
        projection.on(new IngestionTaskCreatedEvent(task, "acme", SOURCE, ProtocolType.S3, null, RULE, AT));
        projection.on(new DataIngestionStartedEvent(task, "acme", SOURCE, ProtocolType.S3, null, RULE, attempt, AT.plusSeconds(1)));
    }

    private void ingested(String key, long size, boolean duplicate) {
        projection.on(new ObjectIngestedEvent(task, "acme", SOURCE, key, new AssetId("a-" + key), "s3://b/" + key, size, "sha-" + key,
                Modality.LIDAR, duplicate, AT.plusSeconds(2), Map.of()));
    }

    /** A later attempt found the key the task had skipped, and ingested it. */
    private void ingestedAfterItsSkip(String key) {
        projection.on(new ObjectIngestedEvent(task, "acme", SOURCE, key, new AssetId("a-" + key), "s3://b/" + key, 10, "sha-" + key,
                Modality.LIDAR, false, AT.plusSeconds(5), Map.of(), true));
    }

    private void skipped(String key) {
        projection.on(new ObjectSkippedEvent(task, "acme", SOURCE, key, "vanished", AT.plusSeconds(2)));
    }

    private String view(String columns) {
        return jdbc.sql("select " + columns + " from ingestion_task_view where task_id = ?").param(task.value()).query(String.class).single();
    }

    @Test
    void aRunningTaskShowsEachLandedObjectAsProgress() {
        createdAndStarted(1);

        ingested("1.bin", 100, false);
        ingested("2.bin", 50, true);

        assertThat(view("status || ' ' || object_count || ' ' || duplicate_count || ' ' || total_bytes")).isEqualTo("RUNNING 2 1 150");
    }

    @Test
    void aCompletedTaskShowsTheTotalsAndAssetsOfItsCompletion() throws Exception {
        createdAndStarted(1);
        ingested("1.bin", 100, false);

        projection.on(new DataIngestionCompletedEvent(task, "acme", SOURCE, List.of(new AssetId("a-1.bin")), List.of("s3://b/1.bin"), Modality.LIDAR,
                List.of(), 1, 0, 100, AT.plusSeconds(3)));

        assertThat(view("status || ' ' || object_count || ' ' || total_bytes || ' ' || (asset_ids ->> 0)")).isEqualTo("COMPLETED 1 100 a-1.bin");
    }

    @Test
    void aFailedTaskKeepsItsErrorUntilItIsStartedAgain() {
        createdAndStarted(1);
        projection.on(new DataIngestionFailedEvent(task, "acme", SOURCE, "bucket not found", AT.plusSeconds(3)));
        assertThat(view("status || ' ' || error_message")).isEqualTo("FAILED bucket not found");

        projection.on(new DataIngestionStartedEvent(task, "acme", SOURCE, ProtocolType.S3, null, RULE, 2, AT.plusSeconds(4)));

        assertThat(view("status || ' ' || attempt || ' ' || coalesce(error_message, '-')")).isEqualTo("RUNNING 2 -");
    }

    @Test
    void aSkippedObjectIsCountedAndListedWithItsReasonButNotAsAnIngestedObject() throws Exception {
        createdAndStarted(1);
        ingested("1.bin", 100, false);

        projection.on(new ObjectSkippedEvent(task, "acme", SOURCE, "drive/2.bin", "vanished", AT.plusSeconds(2)));
        projection.on(new DataIngestionCompletedEvent(task, "acme", SOURCE, List.of(new AssetId("a-1.bin")), List.of("s3://b/1.bin"), Modality.LIDAR,
                List.of(), 1, 0, 100, AT.plusSeconds(3)));

        assertThat(view("status || ' ' || object_count || ' ' || skipped_count")).isEqualTo("COMPLETED 1 1");
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(view("skipped_objects")))
                .isEqualTo(json.readTree("[{\"sourceKey\":\"drive/2.bin\",\"reason\":\"vanished\",\"skippedAt\":\"2026-11-23T08:00:02Z\"}]"));
    }

    @Test
    void skippedObjectsAreListedUpToTheLimitAndCountedPastIt() {
        createdAndStarted(1);

        for (int i = 0; i <= IngestionTaskView.SKIPPED_OBJECTS_LISTED; i++) {
            projection.on(new ObjectSkippedEvent(task, "acme", SOURCE, "k" + i, "vanished", AT.plusSeconds(2)));
        }

        assertThat(view("skipped_count || ' ' || jsonb_array_length(skipped_objects) || ' ' || (skipped_objects -> -1 ->> 'sourceKey')"))
                .isEqualTo((IngestionTaskView.SKIPPED_OBJECTS_LISTED + 1) + " " + IngestionTaskView.SKIPPED_OBJECTS_LISTED + " k"
                        + (IngestionTaskView.SKIPPED_OBJECTS_LISTED - 1));
    }

    @Test
    void aSkippedObjectThatALaterAttemptIngestsLeavesTheSkippedCountAndList() {
        createdAndStarted(1);
        skipped("1.bin");
        skipped("2.bin");
        skipped("3.bin");
        projection.on(new DataIngestionFailedEvent(task, "acme", SOURCE, "bucket not found", AT.plusSeconds(3)));
        projection.on(new DataIngestionStartedEvent(task, "acme", SOURCE, ProtocolType.S3, null, RULE, 2, AT.plusSeconds(4)));

        ingestedAfterItsSkip("2.bin");

        assertThat(view("object_count || ' ' || skipped_count")).isEqualTo("1 2");
        assertThat(view("jsonb_path_query_array(skipped_objects, '$[*].sourceKey')")).isEqualTo("[\"1.bin\", \"3.bin\"]");
    }

    @Test
    void aSkippedObjectPastTheListedOnesLeavesTheCountWhenALaterAttemptIngestsIt() {
        createdAndStarted(1);
        for (int i = 0; i <= IngestionTaskView.SKIPPED_OBJECTS_LISTED; i++) skipped("k" + i);

        ingestedAfterItsSkip("k" + IngestionTaskView.SKIPPED_OBJECTS_LISTED);

        assertThat(view("skipped_count || ' ' || jsonb_array_length(skipped_objects)"))
                .isEqualTo(IngestionTaskView.SKIPPED_OBJECTS_LISTED + " " + IngestionTaskView.SKIPPED_OBJECTS_LISTED);
    }

    @Test
    void anObjectTheTaskHadNotSkippedLeavesTheSkippedOnesAlone() {
        createdAndStarted(1);
        skipped("1.bin");

        ingested("2.bin", 100, false);

        assertThat(view("skipped_count || ' ' || (skipped_objects -> 0 ->> 'sourceKey')")).isEqualTo("1 1.bin");
    }

    @Test
    void anIngestEventStoredBeforeItSaidSoStillTakesItsListedKeyOffTheSkippedOnes() {
        createdAndStarted(1);
        skipped("1.bin");
        skipped("2.bin");

        ingested("1.bin", 100, false);

        assertThat(view("skipped_count || ' ' || (skipped_objects -> 0 ->> 'sourceKey') || ' ' || jsonb_array_length(skipped_objects)"))
                .isEqualTo("1 2.bin 1");
    }

    @Test
    void resetClearsEveryTask() {
        createdAndStarted(1);

        projection.reset();

        assertThat(jdbc.sql("select count(*) from ingestion_task_view").query(Long.class).single()).isZero();
    }
}
