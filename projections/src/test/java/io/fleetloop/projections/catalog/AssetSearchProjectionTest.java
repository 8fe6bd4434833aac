package io.fleetloop.projections.catalog;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.AssetSceneTagsUpdatedEvent;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.SceneTagsAssignedEvent;
import io.fleetloop.api.catalog.SceneMiningJobId;
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
        void write(List<Write> writes, boolean refresh) {
            List<String> described = new ArrayList<>();
            for (Write write : writes) {
                if (write instanceof Put put) written.add(put.document());
                described.add(write.getClass().getSimpleName().toLowerCase() + " " + write.assetId());
            }
            calls.add("bulk [" + String.join(", ", described) + "]" + (refresh ? " refreshing" : ""));
        }

        @Override
        void refresh() {
            calls.add("refresh");
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

        assertThat(calls).containsExactly("bulk [put a1, put a2, put a3] refreshing");
        assertThat(written).extracting(d -> d.get("assetId")).containsExactly("a1", "a2", "a3");
    }

    @Test
    void registrationsAndTagChangesOfABatchAreOneBulkRequestInEventOrder() throws Exception {
        AssetSearchProjection projection = new AssetSearchProjection(index);
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projection.on(new SceneTagsAssignedEvent(new AssetId("a0"), "acme", List.of("night")));
        projection.on(registered("a1"));
        projection.on(new SceneTagsAssignedEvent(new AssetId("a1"), "acme", List.of("rain")));
        projection.on(new AssetSceneTagsUpdatedEvent(new AssetId("a1"), "acme", new SceneMiningJobId("j1"), 1,
                List.of("night", "rain"), List.of("night+rain"), List.of("night+rain")));

        unitOfWork.commit();

        assertThat(calls).containsExactly("bulk [tags a0, put a1, tags a1, mined a1] refreshing");
    }

    /** Each asset is one item of the bulk request, with the batch's changes applied in event order. */
    @Test
    void aBatchsChangesOfOneAssetAreOneOperation() {
        Map<String, Object> doc = new java.util.LinkedHashMap<>(Map.of("assetId", "a1", "storagePath", "s3://b/a1.bin", "sceneTags", List.of()));
        List<AssetSearchIndex.Operation> operations = AssetSearchIndex.operations(List.of(
                new AssetSearchIndex.Tags("a0", List.of("night")),
                new AssetSearchIndex.Put(doc),
                new AssetSearchIndex.Mined("a2", List.of("night+rain"), List.of("night+rain")),
                new AssetSearchIndex.Tags("a1", List.of("rain")),
                new AssetSearchIndex.Mined("a1", List.of(), List.of("day+rain")),
                new AssetSearchIndex.Tags("a2", List.of("night", "rain")),
                new AssetSearchIndex.Tags("a0", List.of("day"))),
                Map.of("a0", "s3://b/a0.bin", "a2", "s3://b/a2.bin"));

        assertThat(operations).extracting(AssetSearchIndex.Operation::assetId).containsExactly("a0", "a1", "a2");
        assertThat(operations.get(0).whole()).isFalse();
        assertThat(operations.get(0).fields()).containsEntry("sceneTags", List.of("day")).containsEntry("text", "s3 b a0 bin day");
        assertThat(operations.get(1).whole()).isTrue();
        assertThat(operations.get(1).fields()).containsEntry("sceneTags", List.of("rain")).containsEntry("sceneCombos", List.of("day+rain"))
                .containsEntry("longTailTags", List.of()).containsEntry("storagePath", "s3://b/a1.bin");
        assertThat(doc).as("the event's document is not changed").containsEntry("sceneTags", List.of());
        assertThat(operations.get(2).whole()).isFalse();
        assertThat(operations.get(2).fields()).containsOnlyKeys("longTailTags", "sceneCombos", "sceneTags", "text")
                .containsEntry("sceneTags", List.of("night", "rain"));
    }

    @Test
    void outsideABatchEachChangeIsSentAtOnceAndSearchable() {
        AssetSearchProjection projection = new AssetSearchProjection(index);
        projection.on(registered("a1"));
        projection.on(new SceneTagsAssignedEvent(new AssetId("a1"), "acme", List.of("rain")));

        assertThat(calls).containsExactly("bulk [put a1] refreshing", "bulk [tags a1] refreshing");
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
