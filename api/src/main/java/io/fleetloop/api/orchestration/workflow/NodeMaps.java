package io.fleetloop.api.orchestration.workflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Unmodifiable copies of JSON-like maps that, unlike {@code Map.copyOf}, keep null values and the key order. */
public final class NodeMaps {

    private NodeMaps() {
    }

    public static Map<String, Object> copy(Map<String, ?> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
