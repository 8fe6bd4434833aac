package io.fleetloop.query.orchestration.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.orchestration.workflow.WorkflowNode;
import io.fleetloop.api.orchestration.workflow.WorkflowRevision;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed from one revision to another: nodes added and removed, and for each node in both the changed fields as
 * JSON paths ({@code operator.version}, {@code parameters.message}, {@code retry.maxAttempts}) with old and new values;
 * the same for the workflow's own fields (name, time zone, run inputs) and whether the triggers changed.
 */
record RevisionDiff(int from, int to, List<String> nodesAdded, List<String> nodesRemoved, List<StepChange> nodesChanged,
                    Map<String, FieldChange> workflowChanges, boolean triggersChanged, Map<String, FieldChange> triggerChanges) {

    record FieldChange(JsonNode from, JsonNode to) {
    }

    record StepChange(String nodeId, Map<String, FieldChange> changes) {
    }

    static RevisionDiff between(ObjectMapper json, WorkflowRevision from, WorkflowRevision to) {
        Map<String, WorkflowNode> before = byId(from);
        Map<String, WorkflowNode> after = byId(to);
        List<String> added = after.keySet().stream().filter(id -> !before.containsKey(id)).toList();
        List<String> removed = before.keySet().stream().filter(id -> !after.containsKey(id)).toList();
        List<StepChange> changed = new ArrayList<>();
        for (String id : after.keySet()) {
            if (!before.containsKey(id)) continue;
            Map<String, FieldChange> fields = fields(json.valueToTree(before.get(id)), json.valueToTree(after.get(id)));
            if (!fields.isEmpty()) changed.add(new StepChange(id, fields));
        }
        Map<String, Object> ownBefore = new LinkedHashMap<>();
        ownBefore.put("name", from.name());
        ownBefore.put("timeZone", from.timeZone());
        ownBefore.put("runInputs", from.runInputs());
        Map<String, Object> ownAfter = new LinkedHashMap<>();
        ownAfter.put("name", to.name());
        ownAfter.put("timeZone", to.timeZone());
        ownAfter.put("runInputs", to.runInputs());
        Map<String, FieldChange> triggers = fields(json.valueToTree(Map.of("triggers", from.triggers())),
                json.valueToTree(Map.of("triggers", to.triggers())));
        return new RevisionDiff(from.number(), to.number(), added, removed, changed, fields(json.valueToTree(ownBefore), json.valueToTree(ownAfter)),
                !triggers.isEmpty(), triggers);
    }

    private static Map<String, WorkflowNode> byId(WorkflowRevision revision) {
        Map<String, WorkflowNode> nodes = new LinkedHashMap<>();
        revision.dag().nodes().forEach(node -> nodes.put(node.nodeId(), node));
        return nodes;
    }

    private static Map<String, FieldChange> fields(JsonNode before, JsonNode after) {
        Map<String, JsonNode> a = new TreeMap<>();
        Map<String, JsonNode> b = new TreeMap<>();
        flatten("", before, a);
        flatten("", after, b);
        Map<String, FieldChange> changes = new LinkedHashMap<>();
        TreeSet<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        for (String path : paths) {
            if (!Objects.equals(a.get(path), b.get(path))) changes.put(path, new FieldChange(a.get(path), b.get(path)));
        }
        return changes;
    }

    /** Objects are walked into (a.b.c); arrays and scalars are leaves compared whole. */
    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node == null || node.isNull()) return;
        if (node.isObject() && !node.isEmpty()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out);
            }
        } else {
            out.put(prefix, node);
        }
    }
}
