package io.fleetloop.command.ingestion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.ObjectIngestedEvent;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Ingestion events stored before a field was added still read: the new fields say "nothing skipped", the rest unchanged. */
class IngestionEventCompatibilityTest {

    /** Axon's event serializer on an ObjectMapper set up as Spring Boot's is here (application.yml: non_null, ISO dates). */
    private final JacksonSerializer events = JacksonSerializer.builder().objectMapper(JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL).build()).build();

    private <T> T read(String stored, Class<T> type) {
        return events.deserialize(new SimpleSerializedObject<>(stored.getBytes(StandardCharsets.UTF_8), byte[].class,
                type.getName(), null));
    }

    @Test
    void aCompletionStoredBeforeSkipsWereCountedReadsWithNoSkippedObjects() {
        String stored = """
                {"taskId":"task-1","tenantId":"acme","sourceId":"src-1","assetIds":["a-1"],"storagePaths":["s3://b/1.bin"],
                 "modality":"LIDAR","assets":[],"objectCount":1,"duplicateCount":0,"totalBytes":100,
                 "completedAt":"2026-12-01T08:00:00Z"}""";

        DataIngestionCompletedEvent event = read(stored, DataIngestionCompletedEvent.class);

        assertThat(event.skippedCount()).isZero();
        assertThat(event.objectCount()).isEqualTo(1);
        assertThat(event.batch()).isNull();
        assertThat(event.completedAt()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
    }

    @Test
    void anIngestedObjectStoredBeforeItsSkipWasRecordedReadsAsNeverSkipped() {
        String stored = """
                {"taskId":"task-1","tenantId":"acme","sourceId":"src-1","sourceKey":"drive/1.bin","assetId":"a-1",
                 "storagePath":"s3://b/1.bin","sizeBytes":100,"sha256":"ab","modality":"LIDAR","duplicate":false,
                 "ingestedAt":"2026-12-01T08:00:00Z","attributes":{}}""";

        ObjectIngestedEvent event = read(stored, ObjectIngestedEvent.class);

        assertThat(event.skippedBefore()).isFalse();
        assertThat(event.sourceKey()).isEqualTo("drive/1.bin");
    }

    @Test
    void aCompletionCarryingItsSkippedCountSurvivesTheEventSerializer() {
        String stored = """
                {"taskId":"task-1","tenantId":"acme","sourceId":"src-1","assetIds":[],"storagePaths":[],
                 "modality":"LIDAR","assets":[],"objectCount":3,"duplicateCount":0,"totalBytes":300,
                 "completedAt":"2026-12-01T08:00:00Z","skippedCount":2}""";
        DataIngestionCompletedEvent completed = read(stored, DataIngestionCompletedEvent.class);

        SerializedObject<byte[]> again = events.serialize(completed, byte[].class);

        assertThat(completed.skippedCount()).isEqualTo(2);
        assertThat((DataIngestionCompletedEvent) events.deserialize(again)).isEqualTo(completed);
    }
}
