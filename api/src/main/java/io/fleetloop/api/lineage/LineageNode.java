package io.fleetloop.api.lineage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One node: its plain id (asset id, result id, task id, ...), a human label and what the events said about it. */
public record LineageNode(LineageNodeType type, String id, String label, Map<String, Object> properties) {

    public LineageNode {
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
