package io.fleetloop.command.orchestration.workflow;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.workflow.ParameterSpec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks values (as JSON gives them) against a parameter schema; a problem names the field. */
final class ParameterTypes {

    private ParameterTypes() {
    }

    static void checkSchema(String field, Map<String, ParameterSpec> schema) {
        schema.forEach((name, spec) -> {
            if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_.-]{0,63}")) throw FleetloopException.invalid(field, "bad name " + name);
            if (spec == null || spec.type() == null || !ParameterSpec.TYPES.contains(spec.type())) {
                throw FleetloopException.invalid(field + "." + name + ".type", "one of string, number, integer, boolean, object, array");
            }
            if (spec.defaultValue() != null && !matches(spec.type(), spec.defaultValue())) {
                throw FleetloopException.invalid(field + "." + name + ".defaultValue", "not a " + spec.type());
            }
        });
    }

    /** The values with defaults filled in; unknown names, wrong types and missing required values are refused. */
    static Map<String, Object> check(String field, Map<String, ParameterSpec> schema, Map<String, Object> values) {
        Map<String, Object> result = new HashMap<>();
        values.forEach((name, value) -> {
            ParameterSpec spec = schema.get(name);
            if (spec == null) throw FleetloopException.invalid(field + "." + name, "unknown (declared: " + schema.keySet() + ")");
            if (value != null && !matches(spec.type(), value)) throw FleetloopException.invalid(field + "." + name, "must be a " + spec.type());
            if (value != null) result.put(name, value);
        });
        schema.forEach((name, spec) -> {
            if (result.containsKey(name)) return;
            if (spec.defaultValue() != null) result.put(name, spec.defaultValue());
            else if (spec.required()) throw FleetloopException.invalid(field + "." + name, "required " + spec.type());
        });
        return result;
    }

    static boolean matches(String type, Object value) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger
                    || (value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0)
                    || (value instanceof Double d && d == Math.rint(d) && !d.isInfinite());
            case "object" -> value instanceof Map<?, ?>;
            case "array" -> value instanceof List<?>;
            default -> false;
        };
    }
}
