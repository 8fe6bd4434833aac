package io.fleetloop.api.diagnosis;

import java.time.Instant;

public record KnowledgeEntryRetiredEvent(KnowledgeEntryId entryId, String tenantId, int version, String reason,
                                         String author, Instant retiredAt) implements KnowledgeEntryEvent {
}
