package io.fleetloop.query.orchestration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.api.orchestration.DataFlowView;
import io.fleetloop.api.orchestration.DataFlowsResponse;
import io.fleetloop.api.orchestration.FlowAction;
import io.fleetloop.api.orchestration.FlowRule;
import io.fleetloop.api.orchestration.ListDataFlowsQuery;
import io.fleetloop.query.common.Queries;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** {@code GET /v1/data-flows}: the tenant's data-flow rules, newest first, with their dispatch counts. */
@RestController
class DataFlowQueries {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Queries queries;

    DataFlowQueries(JdbcClient jdbc, ObjectMapper json, Queries queries) {
        this.jdbc = jdbc;
        this.json = json;
        this.queries = queries;
    }

    @GetMapping("/v1/data-flows")
    DataFlowsResponse list(Caller caller, @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return queries.get(new ListDataFlowsQuery(caller.tenantId(), new PageRequest(page, size)), DataFlowsResponse.class);
    }

    @QueryHandler
    DataFlowsResponse handle(ListDataFlowsQuery query) {
        long total = jdbc.sql("select count(*) from data_flow_view where tenant_id = ?").param(query.tenantId()).query(Long.class).single();
        List<DataFlowView> items = jdbc.sql("""
                select flow_id, name, flow_rule, action, dispatch_count, created_at from data_flow_view where tenant_id = ?
                order by created_at desc, flow_id limit ? offset ?""")
                .params(query.tenantId(), query.page().size(), query.page().offset())
                .query((rs, i) -> {
                    try {
                        return new DataFlowView(rs.getString(1), rs.getString(2), json.readValue(rs.getString(3), FlowRule.class),
                                json.readValue(rs.getString(4), FlowAction.class), rs.getInt(5), rs.getTimestamp(6).toInstant());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).list();
        return new DataFlowsResponse(items, query.page().page(), query.page().size(), total);
    }
}
