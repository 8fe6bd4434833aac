package io.fleetloop.api.diagnosis;

/**
 * Hybrid retrieval from the tenant's knowledge base with hard filters: only live entries whose platforms include
 * {@code vehiclePlatform} and whose firmware range holds {@code firmwareVersion} are candidates. Answered with
 * {@link KnowledgeHits} by query-side; the diagnosis job asks through the QueryGateway (workers read no read model).
 */
public record RetrieveKnowledgeQuery(String tenantId, String query, String vehiclePlatform, String firmwareVersion,
                                     int size, RetrievalMode mode) {
    public static final int MAX_SIZE = 50;

    public RetrieveKnowledgeQuery {
        mode = mode == null ? RetrievalMode.HYBRID : mode;
    }
}
