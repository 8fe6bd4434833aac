package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;

/** The events of one knowledge-base entry. */
public interface KnowledgeEntryEvent extends TenantOwned {
    KnowledgeEntryId entryId();

    int version();
}
