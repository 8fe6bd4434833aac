package io.fleetloop.api.governance;

import java.util.List;

public record AuditRecordsResponse(List<AuditRecordView> items, int page, int size, long total) {
}
