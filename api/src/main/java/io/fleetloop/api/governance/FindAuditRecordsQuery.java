package io.fleetloop.api.governance;

import io.fleetloop.api.common.PageRequest;

import java.time.Instant;

/** All filters but the tenant are optional. */
public record FindAuditRecordsQuery(String tenantId, String resourceId, String action, Instant from, Instant to,
                                    PageRequest page) {
}
