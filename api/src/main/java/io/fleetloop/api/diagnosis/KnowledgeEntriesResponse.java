package io.fleetloop.api.diagnosis;

import java.util.List;

public record KnowledgeEntriesResponse(List<KnowledgeEntryView> items, int page, int size, long total) {
    public KnowledgeEntriesResponse {
        items = List.copyOf(items);
    }
}
