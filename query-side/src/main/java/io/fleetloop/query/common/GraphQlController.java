package io.fleetloop.query.common;

import io.fleetloop.api.catalog.AssetFilter;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.AssetSearchResponse;
import io.fleetloop.api.catalog.AssetView;
import io.fleetloop.api.catalog.AttributeMatch;
import io.fleetloop.api.catalog.FindAssetQuery;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.SearchAssetsQuery;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.api.governance.AuditRecordsResponse;
import io.fleetloop.api.governance.FindAuditRecordsQuery;
import io.fleetloop.api.ingestion.FindIngestionTaskQuery;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.ingestion.IngestionTaskView;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** GraphQL over the same typed queries as REST. */
@Controller
class GraphQlController {

    record PageInput(Integer page, Integer size) {
        PageRequest toRequest() {
            return new PageRequest(page == null ? 0 : page, size == null ? 20 : size);
        }
    }

    record AssetFilterInput(Modality modality, String sourceId, String tag, String q, String ingestedFrom, String ingestedTo,
                            String attribute) {
    }

    record AuditFilterInput(String resourceId, String action, String from, String to) {
    }

    private final Queries queries;

    GraphQlController(Queries queries) {
        this.queries = queries;
    }

    @QueryMapping
    AssetSearchResponse assets(@ContextValue(Caller.ATTRIBUTE) Caller caller, @Argument AssetFilterInput filter, @Argument PageInput page) {
        AssetFilter assetFilter = filter == null ? AssetFilter.none() : new AssetFilter(filter.modality(), filter.sourceId(),
                filter.tag(), filter.q(), instant("ingestedFrom", filter.ingestedFrom()), instant("ingestedTo", filter.ingestedTo()),
                AttributeMatch.parse(filter.attribute()));
        return queries.get(new SearchAssetsQuery(caller.tenantId(), assetFilter, pageOf(page)), AssetSearchResponse.class);
    }

    @QueryMapping
    AssetView asset(@ContextValue(Caller.ATTRIBUTE) Caller caller, @Argument String id) {
        return queries.find(new FindAssetQuery(caller.tenantId(), new AssetId(id)), AssetView.class).orElse(null);
    }

    @QueryMapping
    IngestionTaskView ingestionTask(@ContextValue(Caller.ATTRIBUTE) Caller caller, @Argument String id) {
        return queries.find(new FindIngestionTaskQuery(caller.tenantId(), new IngestionTaskId(id)), IngestionTaskView.class).orElse(null);
    }

    @QueryMapping
    AuditRecordsResponse auditRecords(@ContextValue(Caller.ATTRIBUTE) Caller caller, @Argument AuditFilterInput filter, @Argument PageInput page) {
        AuditFilterInput f = filter == null ? new AuditFilterInput(null, null, null, null) : filter;
        return queries.get(new FindAuditRecordsQuery(caller.tenantId(), f.resourceId(), f.action(), instant("from", f.from()),
                instant("to", f.to()), pageOf(page)), AuditRecordsResponse.class);
    }

    private static PageRequest pageOf(PageInput page) {
        return page == null ? new PageRequest(0, 20) : page.toRequest();
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw FleetloopException.invalid(field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
