package io.fleetloop.query.lineage;

import io.fleetloop.api.lineage.LineageEdge;
import io.fleetloop.api.lineage.LineageGraph;
import io.fleetloop.api.lineage.LineageNode;
import io.fleetloop.api.lineage.LineageNodeType;

import java.util.Map;

/** A lineage graph as Graphviz DOT, left to right (origins on the left), the root drawn bold. */
final class LineageDot {

    private static final Map<LineageNodeType, String> COLOURS = Map.ofEntries(
            Map.entry(LineageNodeType.SOURCE, "#dae8fc"), Map.entry(LineageNodeType.INGESTION_TASK, "#e1d5e7"),
            Map.entry(LineageNodeType.ASSET, "#d5e8d4"), Map.entry(LineageNodeType.ANNOTATION_TASK, "#fff2cc"),
            Map.entry(LineageNodeType.ANNOTATION_RESULT, "#ffe6cc"), Map.entry(LineageNodeType.DATASET, "#f8cecc"),
            Map.entry(LineageNodeType.BEHAVIOR_SESSION, "#cce5ff"), Map.entry(LineageNodeType.PROBLEM_SAMPLE, "#ffcccc"),
            Map.entry(LineageNodeType.FEEDBACK_DECISION, "#e6ccff"), Map.entry(LineageNodeType.MODEL_VERSION, "#d9ead3"),
            Map.entry(LineageNodeType.RELEASE_TASK, "#fce5cd"), Map.entry(LineageNodeType.DEVICE, "#eeeeee"),
            Map.entry(LineageNodeType.WORKFLOW_RUN, "#d0e0e3"), Map.entry(LineageNodeType.WORKFLOW_NODE, "#e2efda"),
            Map.entry(LineageNodeType.ARTIFACT, "#fff9e6"), Map.entry(LineageNodeType.DATA_FLOW, "#dde8cb"));

    private LineageDot() {
    }

    static String render(LineageGraph graph) {
        StringBuilder dot = new StringBuilder("digraph lineage {\n  rankdir=LR;\n")
                .append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n")
                .append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
        for (LineageNode node : graph.nodes()) {
            String text = node.type() + "\\n" + (node.label() == null ? "" : quote(node.label()) + "\\n") + quote(node.id());
            Object revision = node.properties().get("revision");
            if (revision != null) text += "\\nrev " + revision + " " + quote(String.valueOf(node.properties().getOrDefault("status", "")));
            dot.append("  ").append(id(node.type(), node.id())).append(" [label=\"").append(text).append("\", fillcolor=\"")
                    .append(COLOURS.getOrDefault(node.type(), "#f5f5f5")).append('"')
                    .append(node.equals(graph.root()) ? ", penwidth=2.5" : "").append("];\n");
        }
        for (LineageEdge edge : graph.edges()) {
            String label = edge.relation() + (edge.properties().containsKey("revision") ? " (rev " + edge.properties().get("revision") + ")" : "")
                    + (edge.properties().containsKey("version") ? " (v" + edge.properties().get("version") + ")" : "");
            dot.append("  ").append(id(edge.fromType(), edge.from())).append(" -> ").append(id(edge.toType(), edge.to()))
                    .append(" [label=\"").append(quote(label)).append("\"];\n");
        }
        return dot.append("}\n").toString();
    }

    private static String id(LineageNodeType type, String id) {
        return "\"" + type + ":" + quote(id) + "\"";
    }

    private static String quote(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
    }
}
