package io.fleetloop.api.diagnosis;

import java.time.Instant;

public record KnowledgeEntryCreatedEvent(KnowledgeEntryId entryId, String tenantId, int version, KnowledgeContent content,
                                         String author, Instant createdAt) implements KnowledgeEntryEvent {
}
