package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Retires (deletes from retrieval) an entry; its history stays. Retiring a retired entry changes nothing. */
public record RetireKnowledgeEntryCommand(@TargetAggregateIdentifier KnowledgeEntryId entryId, String tenantId,
                                          String reason, String author) implements TenantOwned {
}
