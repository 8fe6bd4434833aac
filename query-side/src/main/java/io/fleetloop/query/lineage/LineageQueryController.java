package io.fleetloop.query.lineage;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.lineage.LineageDirection;
import io.fleetloop.api.lineage.LineageGraph;
import io.fleetloop.api.lineage.LineageQuery;
import io.fleetloop.query.common.Queries;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code GET /v1/lineage/{nodeId}?direction=upstream|downstream|both&depth=1..10&format=json|dot}: where a node came
 * from and what was made of it. {@code format=dot} answers Graphviz DOT ({@code dot -Tsvg}).
 */
@RestController
class LineageQueryController {

    static final MediaType GRAPHVIZ = new MediaType("text", "vnd.graphviz", StandardCharsets.UTF_8);

    private final Queries queries;

    LineageQueryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/lineage/{nodeId}")
    ResponseEntity<?> lineage(Caller caller, @PathVariable String nodeId, @RequestParam(required = false) String direction,
                              @RequestParam(defaultValue = "3") int depth, @RequestParam(defaultValue = "json") String format) {
        String output = format.trim().toLowerCase(Locale.ROOT);
        if (!output.equals("json") && !output.equals("dot")) throw FleetloopException.invalid("format", "must be json or dot");
        LineageQuery query = new LineageQuery(caller.tenantId(), nodeId, LineageDirection.parse(direction), depth);
        LineageGraph graph = queries.require(query, LineageGraph.class, "lineage node", nodeId);
        if (output.equals("dot")) return ResponseEntity.ok().contentType(GRAPHVIZ).body(LineageDot.render(graph));
        return ResponseEntity.ok(graph);
    }
}
