package io.fleetloop.api.diagnosis;

import java.util.List;

/** The answer to {@link RetrieveKnowledgeQuery}: best first; {@code rrfK} is the fusion constant used. */
public record KnowledgeHits(List<KnowledgeHit> hits, RetrievalMode mode, int rrfK, String filter) {
    public KnowledgeHits {
        hits = List.copyOf(hits);
    }
}
