package io.fleetloop.api.diagnosis;

/** One entry of the caller's tenant (Optional of {@link KnowledgeEntryView}). */
public record FindKnowledgeEntryQuery(String tenantId, KnowledgeEntryId entryId) {
}
