package io.fleetloop.api.orchestration.workflow;

import java.util.List;
import java.util.Map;

/**
 * One immutable version of an operator (seed 003 {@code OperatorVersion}): its execution {@code spec} (see
 * {@link OperatorRef}), the inputs it reads and outputs it produces, and its parameter schema (name → type).
 */
public record OperatorVersionDefinition(int version, Map<String, Object> spec, List<String> inputs, List<String> outputs,
                                        Map<String, ParameterSpec> parameters) {
    public OperatorVersionDefinition {
        spec = spec == null ? Map.of() : Map.copyOf(spec);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
