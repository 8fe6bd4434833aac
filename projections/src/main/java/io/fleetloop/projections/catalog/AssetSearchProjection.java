package io.fleetloop.projections.catalog;

import io.fleetloop.projections.common.BatchedWrites;
import io.fleetloop.api.catalog.AssetSceneTagsUpdatedEvent;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.SceneTagsAssignedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds the Elasticsearch asset index. Documents are written by asset id, so a redelivered event after a
 * crash rewrites the same document. A batch's writes — new documents and tag changes, in event order — are sent in one
 * bulk request that answers once they are searchable (it refreshes the index itself: one round trip, not a bulk and
 * then a refresh), before the processor's token moves: once the token has passed an event, a search sees it (reads waiting for
 * a position rely on that, and so does the edge clip's landed-to-searchable time, docs/edge-collection.md). Tag changes
 * no longer cost a read and an update each: a scene-mining job's thousands of tag events are a few bulk requests.
 */
@Component
@ProcessingGroup("asset-search")
class AssetSearchProjection {

    private final AssetSearchIndex index;
    private final BatchedWrites<AssetSearchIndex.Write> writes;

    AssetSearchProjection(AssetSearchIndex index) {
        this.index = index;
        this.writes = new BatchedWrites<>("asset-search", batch -> index.write(batch, false), batch -> index.write(batch, true), index::refresh);
    }

    @EventHandler
    void on(MetadataRegisteredEvent event) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("assetId", event.assetId().value());
        doc.put("tenantId", event.tenantId());
        doc.put("sourceId", event.sourceId() == null ? null : event.sourceId().value());
        doc.put("ingestionTaskId", event.ingestionTaskId() == null ? null : event.ingestionTaskId().value());
        doc.put("storagePath", event.storagePath());
        doc.put("sizeBytes", event.sizeBytes());
        doc.put("sha256", event.sha256());
        doc.put("modality", event.modality().name());
        doc.put("sceneTags", List.of());
        doc.put("longTailTags", List.of());
        doc.put("sceneCombos", List.of());
        doc.put("ingestedAt", event.ingestedAt().toString());
        doc.put("attributes", event.attributes());
        // Attributes may be personal data (VIN, position, plate): filterable by exact value, never full-text searchable.
        doc.put("text", AssetSearchIndex.searchText(event.storagePath(), List.of()));
        writes.add(new AssetSearchIndex.Put(doc));
    }

    @EventHandler
    void on(SceneTagsAssignedEvent event) {
        writes.add(new AssetSearchIndex.Tags(event.assetId().value(), event.sceneTags()));
    }

    /** A scene-mining job's result: the long-tail tags (filterable) and the combinations counted for the long tail. */
    @EventHandler
    void on(AssetSceneTagsUpdatedEvent event) {
        writes.add(new AssetSearchIndex.Mined(event.assetId().value(), event.longTailTags(), event.combinations()));
    }

    @ResetHandler
    void reset() throws IOException {
        index.dropIndex();
        index.ensureIndex();
    }
}
