package io.fleetloop.api.governance;

import java.time.Instant;

/** One audit record: who did what to which resource of which tenant, when, and how it ended. */
public record AuditRecordView(String recordId, String operator, String action, String resourceType, String resourceId,
                              String tenantId, Instant timestamp, AuditOutcome outcome, String detail) {
}
