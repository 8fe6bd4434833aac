package io.fleetloop.api.diagnosis;

import java.time.Instant;

/** An entry as read: its current version and content, and whether it is retired. */
public record KnowledgeEntryView(String entryId, int version, KnowledgeContent content, boolean retired, String updatedBy,
                                 Instant updatedAt) {
}
