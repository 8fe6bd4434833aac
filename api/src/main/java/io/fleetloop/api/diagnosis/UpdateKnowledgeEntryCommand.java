package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces an entry's content as its next version. {@code expectedVersion} (optional) guards against overwriting an
 * edit one has not seen: when it is not the current version the update is refused (409).
 */
public record UpdateKnowledgeEntryCommand(@TargetAggregateIdentifier KnowledgeEntryId entryId, String tenantId,
                                          Integer expectedVersion, KnowledgeContent content, String author) implements TenantOwned {
}
