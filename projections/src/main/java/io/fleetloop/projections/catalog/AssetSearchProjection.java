package io.fleetloop.projections.catalog;

import io.fleetloop.projections.common.BatchedWrites;
import io.fleetloop.api.catalog.AssetSceneTagsUpdatedEvent;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.SceneTagsAssignedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds the Elasticsearch asset index. Documents are written by asset id, so a redelivered event after a
 * crash rewrites the same document. A batch's new documents are sent in one bulk request that answers once they are
 * searchable ({@code refresh=wait_for}: one round trip, not a bulk and then a refresh), before the processor's token
 * moves: once the token has passed an event, a search sees it (reads waiting for a position rely on that, and so does the edge clip's
 * landed-to-searchable time, docs/edge-collection.md).
 */
@Component
@ProcessingGroup("asset-search")
class AssetSearchProjection {

    private final AssetSearchIndex index;
    /**
     * New documents of a batch go in one bulk request; the batch's last one waits for them to be searchable (or, when the
     * documents went out earlier, a refresh alone), before the token moves.
     */
    private final BatchedWrites<Map<String, Object>> documents;

    AssetSearchProjection(AssetSearchIndex index) {
        this.index = index;
        this.documents = new BatchedWrites<>("asset-search", documents -> index.putAll(documents, false),
                documents -> index.putAll(documents, true), index::refresh);
    }

    @EventHandler
    void on(MetadataRegisteredEvent event) throws IOException {
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
        documents.add(doc);
    }

    @EventHandler
    void on(SceneTagsAssignedEvent event) throws IOException {
        // Reads the asset's document: the batch's pending documents go first (a get is real-time, no refresh needed).
        documents.flush();
        index.replaceTags(event.assetId().value(), event.sceneTags());
        if (!CurrentUnitOfWork.isStarted()) index.refresh();
    }

    /** A scene-mining job's result: the long-tail tags (filterable) and the combinations counted for the long tail. */
    @EventHandler
    void on(AssetSceneTagsUpdatedEvent event) throws IOException {
        documents.flush();
        index.updateMined(event.assetId().value(), event.longTailTags(), event.combinations());
        if (!CurrentUnitOfWork.isStarted()) index.refresh();
    }

    @ResetHandler
    void reset() throws IOException {
        index.dropIndex();
        index.ensureIndex();
    }
}
