package io.fleetloop.query.governance;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.api.governance.AuditRecordsResponse;
import io.fleetloop.api.governance.FindAuditRecordsQuery;
import io.fleetloop.query.common.Queries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** {@code GET /v1/audit-records?resourceId=&action=&from=&to=} within the caller's tenant. */
@RestController
class AuditQueryController {

    private final Queries queries;

    AuditQueryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/audit-records")
    AuditRecordsResponse records(Caller caller, @RequestParam(required = false) String resourceId,
                                 @RequestParam(required = false) String action,
                                 @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                 @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return queries.get(new FindAuditRecordsQuery(caller.tenantId(), resourceId, action, from, to, new PageRequest(page, size)),
                AuditRecordsResponse.class);
    }
}
