package io.fleetloop.query.lineage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.lineage.LineageDirection;
import io.fleetloop.api.lineage.LineageEdge;
import io.fleetloop.api.lineage.LineageGraph;
import io.fleetloop.api.lineage.LineageNode;
import io.fleetloop.api.lineage.LineageNodeType;
import io.fleetloop.api.lineage.LineageQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Walks the lineage graph with a recursive CTE bounded by depth, always within the query's tenant. {@code BOTH} is the
 * upstream walk and the downstream walk together (not a walk that turns around, which would reach siblings); the answer
 * holds every edge between the nodes reached.
 */
@Component
class LineageQueryHandlers {

    /** {@code %1$s}/{@code %2$s}: the edge end the walk comes from and the end it goes to. */
    private static final String WALK = """
            with recursive walk (node_type, node_id, distance) as (
                select node_type, node_id, 0 from lineage_node where tenant_id = :tenant and node_id = :id
              union
                select e.%2$s_type, e.%2$s_id, w.distance + 1 from walk w
                join lineage_edge e on e.tenant_id = :tenant and e.%1$s_type = w.node_type and e.%1$s_id = w.node_id
                where w.distance < :depth
            )
            select n.node_type, n.node_id, n.label, cast(n.properties as text) as properties, min(w.distance) as distance
            from walk w join lineage_node n on n.tenant_id = :tenant and n.node_type = w.node_type and n.node_id = w.node_id
            group by n.node_type, n.node_id, n.label, cast(n.properties as text)
            order by distance, n.node_type, n.node_id
            limit :limit""";
    private static final TypeReference<Map<String, Object>> PROPERTIES = new TypeReference<>() {
    };

    private record Reached(LineageNode node, int distance) {
        String key() {
            return node.type() + ":" + node.id();
        }
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    LineageQueryHandlers(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    Optional<LineageGraph> handle(LineageQuery query) {
        Map<String, Reached> reached = new LinkedHashMap<>();
        if (query.direction() != LineageDirection.DOWNSTREAM) walk(query, "to", "from", reached);
        if (query.direction() != LineageDirection.UPSTREAM) walk(query, "from", "to", reached);
        if (reached.isEmpty()) return Optional.empty();
        List<Reached> nearestFirst = reached.values().stream()
                .sorted(Comparator.comparingInt(Reached::distance).thenComparing(Reached::key)).toList();
        boolean truncated = nearestFirst.size() > LineageQuery.MAX_NODES;
        List<LineageNode> nodes = nearestFirst.stream().limit(LineageQuery.MAX_NODES).map(Reached::node).toList();
        return Optional.of(new LineageGraph(nodes.get(0), nodes, edgesBetween(query.tenantId(), nodes), truncated));
    }

    private void walk(LineageQuery query, String fromEnd, String toEnd, Map<String, Reached> reached) {
        jdbc.sql(WALK.formatted(fromEnd, toEnd))
                .param("tenant", query.tenantId()).param("id", query.nodeId()).param("depth", query.depth())
                .param("limit", LineageQuery.MAX_NODES + 1)
                .query((rs, row) -> new Reached(node(rs), rs.getInt("distance"))).list()
                .forEach(r -> reached.merge(r.key(), r, (a, b) -> a.distance() <= b.distance() ? a : b));
    }

    private List<LineageEdge> edgesBetween(String tenantId, List<LineageNode> nodes) {
        Set<String> keys = nodes.stream().map(n -> n.type() + ":" + n.id()).collect(Collectors.toSet());
        String[] ids = nodes.stream().map(LineageNode::id).distinct().toArray(String[]::new);
        List<LineageEdge> edges = new ArrayList<>();
        jdbc.sql("""
                select from_type, from_id, to_type, to_id, relation, cast(properties as text) as properties from lineage_edge
                where tenant_id = ? and from_id = any(?) and to_id = any(?) order by relation, from_id, to_id""")
                .params(tenantId, ids, ids)
                .query((rs, row) -> new LineageEdge(LineageNodeType.valueOf(rs.getString("from_type")), rs.getString("from_id"),
                        LineageNodeType.valueOf(rs.getString("to_type")), rs.getString("to_id"), rs.getString("relation"),
                        properties(rs)))
                .list().stream()
                .filter(e -> keys.contains(e.fromType() + ":" + e.from()) && keys.contains(e.toType() + ":" + e.to()))
                .forEach(edges::add);
        return edges;
    }

    private LineageNode node(ResultSet rs) throws SQLException {
        return new LineageNode(LineageNodeType.valueOf(rs.getString("node_type")), rs.getString("node_id"), rs.getString("label"),
                properties(rs));
    }

    private Map<String, Object> properties(ResultSet rs) throws SQLException {
        try {
            return json.readValue(rs.getString("properties"), PROPERTIES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
