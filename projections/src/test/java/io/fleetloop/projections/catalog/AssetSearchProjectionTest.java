package io.fleetloop.projections.catalog;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.SceneTagsAssignedEvent;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.projections.search.SearchProperties;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AssetSearchProjectionTest {

    private final List<Map<String, Object>> written = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final AssetSearchIndex index = new AssetSearchIndex(null, new SearchProperties("http://unused", "test", null, null)) {
        @Override
        void putAll(List<Map<String, Object>> documents, boolean refresh) {
            written.addAll(documents);
            calls.add("bulk " + documents.size() + (refresh ? " refreshing" : ""));
        }

        @Override
        void refresh() {
            calls.add("refresh");
        }

        @Override
        void replaceTags(String assetId, List<String> tags) {
            calls.add("tags " + assetId);
        }
    };

    private static MetadataRegisteredEvent registered(String assetId) {
        return new MetadataRegisteredEvent(new AssetId(assetId), "acme", new DataSourceId("s"), new IngestionTaskId("t"),
                "s3://fleetloop/tenants/acme/" + assetId + ".bin", 10, "c".repeat(64), Modality.LIDAR,
                Instant.parse("2026-11-23T08:00:00Z"), Map.of());
    }

    @Test
    void aBatchOfEventsIsOneBulkRequestThatRefreshesBeforeCommit() throws Exception {
        AssetSearchProjection projection = new AssetSearchProjection(index);
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projection.on(registered("a1"));
        projection.on(registered("a2"));
        projection.on(registered("a3"));
        assertThat(calls).as("nothing sent while the batch is handled").isEmpty();

        unitOfWork.commit();

        assertThat(calls).containsExactly("bulk 3 refreshing");
        assertThat(written).extracting(d -> d.get("assetId")).containsExactly("a1", "a2", "a3");
    }

    @Test
    void documentsSentBeforeATagChangeOfTheSameBatchAreRefreshedOnceAtCommit() throws Exception {
        AssetSearchProjection projection = new AssetSearchProjection(index);
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projection.on(registered("a1"));
        projection.on(new SceneTagsAssignedEvent(new AssetId("a1"), "acme", List.of("rain")));

        unitOfWork.commit();

        assertThat(calls).containsExactly("bulk 1", "tags a1", "refresh");
    }

    @Test
    void attributesAreIndexedForFilteringButKeptOutOfFullText() throws Exception {
        Map<String, String> vehicle = Map.of("vin", "WVWZZZ1JZXW000001", "plate", "M-FL 1001");
        new AssetSearchProjection(index).on(new MetadataRegisteredEvent(new AssetId("a1"), "acme", new DataSourceId("s"),
                new IngestionTaskId("t"), "s3://fleetloop/tenants/acme/landing/drive-001/000001.bin", 10, "c".repeat(64),
                Modality.LIDAR, Instant.parse("2026-11-23T08:00:00Z"), vehicle));

        Map<String, Object> document = written.get(0);
        assertThat(document.get("attributes")).isEqualTo(vehicle);
        assertThat((String) document.get("text")).contains("drive", "000001")
                .doesNotContain("WVWZZZ1JZXW000001").doesNotContain("1001");
    }
}
