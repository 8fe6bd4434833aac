package io.fleetloop.query.diagnosis;

import io.fleetloop.api.diagnosis.FindKnowledgeEntryQuery;
import io.fleetloop.api.diagnosis.KnowledgeEntriesResponse;
import io.fleetloop.api.diagnosis.KnowledgeEntryView;
import io.fleetloop.api.diagnosis.KnowledgeHits;
import io.fleetloop.api.diagnosis.ListKnowledgeEntriesQuery;
import io.fleetloop.api.diagnosis.RetrieveKnowledgeQuery;
import io.fleetloop.projections.diagnosis.KnowledgeIndex;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads of the knowledge base, all from the Elasticsearch knowledge index and all within the caller's tenant. The
 * retrieval query is also how the diagnosis job (workers) reaches the knowledge base: through the QueryGateway,
 * never by reading the index itself.
 */
@Component
class KnowledgeQueryHandlers {

    private final KnowledgeIndex index;
    private final HybridRetrieval retrieval;

    KnowledgeQueryHandlers(KnowledgeIndex index, HybridRetrieval retrieval) {
        this.index = index;
        this.retrieval = retrieval;
    }

    @QueryHandler
    Optional<KnowledgeEntryView> handle(FindKnowledgeEntryQuery query) throws IOException {
        return index.find(query.tenantId(), query.entryId().value());
    }

    @QueryHandler
    KnowledgeEntriesResponse handle(ListKnowledgeEntriesQuery query) throws IOException {
        return index.list(query.tenantId(), query.errorCode(), query.vehiclePlatform(), query.includeRetired(), query.page());
    }

    @QueryHandler
    KnowledgeHits handle(RetrieveKnowledgeQuery query) throws IOException {
        return retrieval.retrieve(query);
    }
}
