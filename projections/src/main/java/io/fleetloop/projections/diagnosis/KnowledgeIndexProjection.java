package io.fleetloop.projections.diagnosis;

import io.fleetloop.api.diagnosis.KnowledgeEntryCreatedEvent;
import io.fleetloop.api.diagnosis.KnowledgeEntryRetiredEvent;
import io.fleetloop.api.diagnosis.KnowledgeEntryUpdatedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * Feeds the knowledge index ({@link KnowledgeIndex}): each version of an entry replaces its document (text and
 * embedding), a retired entry is kept but flagged so retrieval never returns it. Writes are by entry id, so a replay
 * or a redelivered event rewrites the same document.
 */
@Component
@ProcessingGroup("knowledge-index")
class KnowledgeIndexProjection {

    private final KnowledgeIndex index;

    KnowledgeIndexProjection(KnowledgeIndex index) {
        this.index = index;
    }

    @EventHandler
    void on(KnowledgeEntryCreatedEvent event) {
        index.put(event.entryId().value(), event.tenantId(), event.version(), event.content(), event.author(), event.createdAt());
    }

    @EventHandler
    void on(KnowledgeEntryUpdatedEvent event) {
        index.put(event.entryId().value(), event.tenantId(), event.version(), event.content(), event.author(), event.updatedAt());
    }

    @EventHandler
    void on(KnowledgeEntryRetiredEvent event) {
        index.retire(event.entryId().value(), event.version(), event.author(), event.retiredAt());
    }

    @ResetHandler
    void reset() throws IOException {
        index.dropIndex();
        index.ensureIndex();
    }
}
