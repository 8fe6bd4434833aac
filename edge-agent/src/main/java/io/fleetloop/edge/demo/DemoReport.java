package io.fleetloop.edge.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The demo's closing text: a loop's KPI as a table and a lineage graph as an indented tree. */
final class DemoReport {

    static final int MAX_CHILDREN = 4;

    private DemoReport() {
    }

    /** One line per stage: when it was reached and how long it took from the stage before. */
    static String kpi(JsonNode loop) {
        StringBuilder text = new StringBuilder("Closed-loop KPI of decision " + loop.path("decisionId").asText() + "\n");
        for (String stage : List.of("IDENTIFIED", "DECIDED", "DATA_INGESTED", "ANNOTATED", "EXPORTED", "MODEL_READY", "ROLLOUT_COMPLETED")) {
            JsonNode at = loop.path("reachedAt").path(stage);
            JsonNode millis = loop.path("stageMillis").path(stage);
            text.append(String.format(Locale.ROOT, "  %-18s %-28s %s%n", stage, at.isMissingNode() || at.isNull() ? "–" : at.asText(),
                    millis.isMissingNode() || millis.isNull() ? "" : "+" + duration(millis.asLong())));
        }
        JsonNode total = loop.path("totalMillis");
        text.append("  total cycle time   ").append(total.isMissingNode() || total.isNull() ? "– (not complete)" : duration(total.asLong()));
        if (loop.path("stalled").asBoolean()) text.append("  STALLED waiting for ").append(loop.path("stalledStage").asText());
        return text.append('\n').toString();
    }

    /** From the root along the edges, each node once; wide fan-outs show their first children and a count of the rest. */
    static String lineage(JsonNode graph) {
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        graph.path("nodes").forEach(n -> nodes.put(key(n.path("type").asText(), n.path("id").asText()), n));
        Map<String, List<String[]>> children = new LinkedHashMap<>();
        graph.path("edges").forEach(e -> children.computeIfAbsent(key(e.path("fromType").asText(), e.path("from").asText()), k -> new ArrayList<>())
                .add(new String[]{e.path("relation").asText(), key(e.path("toType").asText(), e.path("to").asText())}));
        JsonNode root = graph.path("root");
        StringBuilder text = new StringBuilder("Lineage downstream of " + root.path("type").asText() + " " + root.path("id").asText() + "\n");
        walk(text, key(root.path("type").asText(), root.path("id").asText()), nodes, children, new HashSet<>(), "  ");
        return text.toString();
    }

    private static void walk(StringBuilder text, String node, Map<String, JsonNode> nodes, Map<String, List<String[]>> children, Set<String> seen,
                             String indent) {
        seen.add(node);
        List<String[]> next = children.getOrDefault(node, List.of());
        int shown = 0;
        for (String[] edge : next) {
            if (shown == MAX_CHILDREN) {
                text.append(indent).append("└ … and ").append(next.size() - MAX_CHILDREN).append(" more\n");
                break;
            }
            shown++;
            JsonNode child = nodes.get(edge[1]);
            String label = child == null || child.path("label").isNull() || child.path("label").asText().isEmpty() ? "" : " \"" + child.path("label").asText() + "\"";
            text.append(indent).append("└─").append(edge[0]).append("→ ").append(edge[1].replace(":", " ")).append(label);
            if (seen.contains(edge[1])) {
                text.append(" (above)\n");
                continue;
            }
            text.append('\n');
            walk(text, edge[1], nodes, children, seen, indent + "   ");
        }
    }

    private static String key(String type, String id) {
        return type + ":" + id;
    }

    static String duration(long millis) {
        long s = millis / 1000;
        if (s < 60) return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        if (s < 3600) return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }
}
