package io.fleetloop.api.orchestration.workflow;

import java.util.Map;

/**
 * The operator version a node runs, pinned when the revision is saved and carried resolved, so that a run never
 * depends on the operator registry afterwards: {@code spec} is the version's execution spec (BUILTIN: {"job": name};
 * HTTP: url, method, headers; CLI: command, args, limits; AI_MODEL: modelId, endpoint, model; MCP: server, tool).
 */
public record OperatorRef(String operatorId, int version, OperatorKind kind, Map<String, Object> spec) {
    public OperatorRef {
        spec = spec == null ? Map.of() : Map.copyOf(spec);
    }
}
