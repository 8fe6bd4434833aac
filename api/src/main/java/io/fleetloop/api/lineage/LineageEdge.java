package io.fleetloop.api.lineage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code from} → {@code to}: the later node was made from, or out of, the earlier one ({@code relation} says how). */
public record LineageEdge(LineageNodeType fromType, String from, LineageNodeType toType, String to, String relation,
                          Map<String, Object> properties) {

    public LineageEdge {
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
