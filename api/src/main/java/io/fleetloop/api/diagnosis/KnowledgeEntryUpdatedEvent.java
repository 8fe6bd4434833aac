package io.fleetloop.api.diagnosis;

import java.time.Instant;

public record KnowledgeEntryUpdatedEvent(KnowledgeEntryId entryId, String tenantId, int version, KnowledgeContent content,
                                         String author, Instant updatedAt) implements KnowledgeEntryEvent {
}
