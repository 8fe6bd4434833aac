package io.fleetloop.workers.diagnosis;

import io.fleetloop.api.diagnosis.KnowledgeHits;
import io.fleetloop.api.diagnosis.RetrieveKnowledgeQuery;

/** Where the diagnosis gets its evidence: the knowledge base's hybrid retrieval, with the batch's hard filters. */
public interface KnowledgeRetriever {
    KnowledgeHits retrieve(RetrieveKnowledgeQuery query);
}
