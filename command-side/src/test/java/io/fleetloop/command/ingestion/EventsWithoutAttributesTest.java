package io.fleetloop.command.ingestion;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.ObjectIngestedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Events stored before attributes existed still read, with empty attributes. */
class EventsWithoutAttributesTest {

    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

    @Test
    void anOldObjectIngestedEventReadsWithEmptyAttributes() throws Exception {
        ObjectIngestedEvent event = json.readValue("""
                {"taskId":"t","tenantId":"acme","sourceId":"s","sourceKey":"k","assetId":"a","storagePath":"s3://b/k",
                 "sizeBytes":10,"sha256":"%s","modality":"LIDAR","duplicate":false,"ingestedAt":"2026-11-22T08:00:00Z"}"""
                .formatted("a".repeat(64)), ObjectIngestedEvent.class);
        assertThat(event.attributes()).isNotNull().isEmpty();
    }

    @Test
    void anOldCompletedEventReadsWithEmptyAttributesOnEachAsset() throws Exception {
        DataIngestionCompletedEvent event = json.readValue("""
                {"taskId":"t","tenantId":"acme","sourceId":"s","assetIds":["a"],"storagePaths":["s3://b/k"],"modality":"LIDAR",
                 "assets":[{"assetId":"a","storagePath":"s3://b/k","sizeBytes":10,"sha256":"x","ingestedAt":"2026-11-22T08:00:00Z"}],
                 "objectCount":1,"duplicateCount":0,"totalBytes":10,"completedAt":"2026-11-22T08:00:01Z"}""",
                DataIngestionCompletedEvent.class);
        assertThat(event.assets().get(0).attributes()).isNotNull().isEmpty();
    }

    @Test
    void anOldMetadataRegisteredEventReadsWithEmptyAttributes() throws Exception {
        MetadataRegisteredEvent event = json.readValue("""
                {"assetId":"a","tenantId":"acme","sourceId":"s","ingestionTaskId":"t","storagePath":"s3://b/k","sizeBytes":10,
                 "sha256":"x","modality":"CAMERA","ingestedAt":"2026-11-22T08:00:00Z"}""", MetadataRegisteredEvent.class);
        assertThat(event.attributes()).isNotNull().isEmpty();
    }
}
