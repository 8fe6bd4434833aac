package io.fleetloop.api.orchestration.workflow;

import java.util.Set;

/**
 * A typed parameter or run input: {@code type} is one of string, number, integer, boolean, object, array; a required
 * one without a {@code defaultValue} must be given.
 */
public record ParameterSpec(String type, boolean required, Object defaultValue) {
    public static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "object", "array");
}
