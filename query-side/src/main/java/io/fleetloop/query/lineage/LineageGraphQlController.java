package io.fleetloop.query.lineage;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.lineage.LineageDirection;
import io.fleetloop.api.lineage.LineageGraph;
import io.fleetloop.api.lineage.LineageQuery;
import io.fleetloop.query.common.Queries;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** GraphQL {@code lineage}: the same query as REST; an unknown node is null. */
@Controller
class LineageGraphQlController {

    private final Queries queries;

    LineageGraphQlController(Queries queries) {
        this.queries = queries;
    }

    @QueryMapping
    LineageGraph lineage(@ContextValue(Caller.ATTRIBUTE) Caller caller, @Argument String nodeId, @Argument LineageDirection direction,
                         @Argument Integer depth) {
        LineageQuery query = new LineageQuery(caller.tenantId(), nodeId, direction, depth == null ? 3 : depth);
        return queries.find(query, LineageGraph.class).orElse(null);
    }
}
