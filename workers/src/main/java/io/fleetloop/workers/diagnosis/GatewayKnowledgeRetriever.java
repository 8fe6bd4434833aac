package io.fleetloop.workers.diagnosis;

import io.fleetloop.api.diagnosis.KnowledgeHits;
import io.fleetloop.api.diagnosis.RetrieveKnowledgeQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Workers never read read models: the job asks the knowledge base through the QueryGateway ({@link RetrieveKnowledgeQuery},
 * answered by query-side from the Elasticsearch knowledge index), like any other reader.
 */
@Component
class GatewayKnowledgeRetriever implements KnowledgeRetriever {

    private final QueryGateway queries;

    GatewayKnowledgeRetriever(QueryGateway queries) {
        this.queries = queries;
    }

    @Override
    public KnowledgeHits retrieve(RetrieveKnowledgeQuery query) {
        try {
            return queries.query(query, ResponseTypes.instanceOf(KnowledgeHits.class)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrieving knowledge", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("knowledge retrieval failed: " + e, e);
        }
    }
}
