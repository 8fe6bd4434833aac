package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds an entry to the tenant's knowledge base (version 1). */
public record CreateKnowledgeEntryCommand(@TargetAggregateIdentifier KnowledgeEntryId entryId, String tenantId,
                                          KnowledgeContent content, String author) implements TenantOwned {
}
