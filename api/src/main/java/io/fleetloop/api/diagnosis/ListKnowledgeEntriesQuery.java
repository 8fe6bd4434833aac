package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.PageRequest;

/** The tenant's entries, optionally of one error code or platform; retired ones only when asked. */
public record ListKnowledgeEntriesQuery(String tenantId, String errorCode, String vehiclePlatform, boolean includeRetired,
                                        PageRequest page) {
}
