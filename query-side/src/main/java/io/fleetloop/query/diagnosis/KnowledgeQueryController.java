package io.fleetloop.query.diagnosis;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.api.diagnosis.FindKnowledgeEntryQuery;
import io.fleetloop.api.diagnosis.KnowledgeEntriesResponse;
import io.fleetloop.api.diagnosis.KnowledgeEntryId;
import io.fleetloop.api.diagnosis.KnowledgeEntryView;
import io.fleetloop.api.diagnosis.KnowledgeHits;
import io.fleetloop.api.diagnosis.ListKnowledgeEntriesQuery;
import io.fleetloop.api.diagnosis.RetrievalMode;
import io.fleetloop.api.diagnosis.RetrieveKnowledgeQuery;
import io.fleetloop.query.common.Queries;
import io.fleetloop.query.common.ReadsFrom;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Knowledge-base reads: list and get entries, and {@code POST /api/v1/knowledge-base/search} (hybrid retrieval with
 * hard filters on platform and firmware; {@code mode} TEXT or VECTOR for one list alone), each hit explained.
 */
@RestController
class KnowledgeQueryController {

    record SearchRequest(String query, String vehiclePlatform, String firmwareVersion, Integer size, RetrievalMode mode) {
    }

    private final Queries queries;

    KnowledgeQueryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/knowledge-base/entries")
    @ReadsFrom("knowledge-index")
    KnowledgeEntriesResponse list(Caller caller, @RequestParam(required = false) String errorCode,
                                  @RequestParam(required = false) String vehiclePlatform,
                                  @RequestParam(defaultValue = "false") boolean includeRetired,
                                  @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return queries.get(new ListKnowledgeEntriesQuery(caller.tenantId(), errorCode, vehiclePlatform, includeRetired,
                new PageRequest(page, size)), KnowledgeEntriesResponse.class);
    }

    @GetMapping("/api/v1/knowledge-base/entries/{entryId}")
    @ReadsFrom("knowledge-index")
    KnowledgeEntryView entry(Caller caller, @PathVariable String entryId) {
        return queries.require(new FindKnowledgeEntryQuery(caller.tenantId(), new KnowledgeEntryId(entryId)), KnowledgeEntryView.class,
                "knowledge entry", entryId);
    }

    @PostMapping("/api/v1/knowledge-base/search")
    @ReadsFrom("knowledge-index")
    KnowledgeHits search(Caller caller, @RequestBody SearchRequest request) {
        return queries.get(new RetrieveKnowledgeQuery(caller.tenantId(), request.query(), request.vehiclePlatform(),
                request.firmwareVersion(), request.size() == null ? 10 : request.size(), request.mode()), KnowledgeHits.class);
    }
}
