package io.fleetloop.command.orchestration.workflow;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.workflow.AiModelId;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import io.fleetloop.api.orchestration.workflow.OperatorVersionDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of an operator version's spec, by kind. HTTP: {@code url} (http/https), {@code method}, {@code headers},
 * {@code timeoutSeconds}. CLI: {@code command}, {@code args} (templates allowed), {@code workingDir} (relative), limits
 * {@code cpuMillis}, {@code memoryMb}, {@code timeSeconds}; nothing may leave the sandbox's working directory (no absolute
 * path, no {@code ..}, no {@code ~}). AI_MODEL: {@code modelId} of a registered model. MCP: {@code server} (one of
 * {@code fleetloop.workflows.mcp.servers}) and {@code tool}; with no MCP server configured, MCP operators are refused.
 */
@Component
class OperatorSpecCheck {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final String NAME = "[A-Za-z_][A-Za-z0-9_-]{0,63}";

    private final AiModelDirectory models;
    private final List<String> mcpServers;

    OperatorSpecCheck(AiModelDirectory models, @Value("${fleetloop.workflows.mcp.servers:}") List<String> mcpServers) {
        this.models = models;
        this.mcpServers = mcpServers.stream().filter(s -> !s.isBlank()).toList();
    }

    void check(String tenantId, OperatorKind kind, OperatorVersionDefinition definition) {
        if (kind == null) throw FleetloopException.invalid("kind", "HTTP, CLI, AI_MODEL or MCP");
        if (definition == null) throw FleetloopException.invalid("spec", "required");
        definition.inputs().forEach(name -> name("inputs", name));
        definition.outputs().forEach(name -> name("outputs", name));
        ParameterTypes.checkSchema("parameters", definition.parameters());
        Map<String, Object> spec = definition.spec();
        switch (kind) {
            case BUILTIN -> throw FleetloopException.invalid("kind", "built-in operators are defined by the platform; register HTTP, CLI, AI_MODEL or MCP");
            case HTTP -> http(spec);
            case CLI -> cli(spec);
            case AI_MODEL -> {
                String modelId = string(spec, "modelId", true);
                if (!models.exists(tenantId, new AiModelId(modelId))) throw FleetloopException.invalid("spec.modelId", "no registered AI model " + modelId);
            }
            case MCP -> {
                if (mcpServers.isEmpty()) throw FleetloopException.invalid("kind", "MCP operators need an MCP server (fleetloop.workflows.mcp.servers); none is configured");
                String server = string(spec, "server", true);
                if (!mcpServers.contains(server)) throw FleetloopException.invalid("spec.server", "one of the configured MCP servers " + mcpServers);
                string(spec, "tool", true);
            }
        }
    }

    private static void http(Map<String, Object> spec) {
        String url = string(spec, "url", true);
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) throw new IllegalArgumentException();
        } catch (IllegalArgumentException e) {
            throw FleetloopException.invalid("spec.url", "an http(s) URL");
        }
        String method = string(spec, "method", false);
        if (method != null && !METHODS.contains(method)) throw FleetloopException.invalid("spec.method", "one of " + METHODS);
        Object headers = spec.get("headers");
        if (headers != null && !(headers instanceof Map<?, ?> map && map.values().stream().allMatch(v -> v instanceof String))) {
            throw FleetloopException.invalid("spec.headers", "an object of strings");
        }
        limit(spec, "timeoutSeconds", 1, 600);
    }

    private static void cli(Map<String, Object> spec) {
        sandboxed("spec.command", string(spec, "command", true));
        Object args = spec.get("args");
        if (args != null) {
            if (!(args instanceof List<?> list) || !list.stream().allMatch(a -> a instanceof String)) {
                throw FleetloopException.invalid("spec.args", "a list of strings");
            }
            for (int i = 0; i < list.size(); i++) sandboxed("spec.args[" + i + "]", (String) list.get(i));
        }
        String workingDir = string(spec, "workingDir", false);
        if (workingDir != null) sandboxed("spec.workingDir", workingDir);
        limit(spec, "cpuMillis", 1, 64_000);
        limit(spec, "memoryMb", 1, 65_536);
        limit(spec, "timeSeconds", 1, 86_400);
    }

    /** A command or argument stays inside the working directory: no absolute path, no parent segment, no home. */
    static void sandboxed(String field, String value) {
        if (value.isBlank()) throw FleetloopException.invalid(field, "must not be blank");
        for (String token : value.split("[=:,\\s]")) {
            if (token.startsWith("/") || token.startsWith("\\") || token.startsWith("~") || token.matches("^[A-Za-z]:[\\\\/].*")) {
                throw FleetloopException.invalid(field, "escapes the working directory (absolute path " + token + ")");
            }
            for (String segment : token.split("[/\\\\]")) {
                if (segment.equals("..")) throw FleetloopException.invalid(field, "escapes the working directory (.. in " + token + ")");
            }
        }
    }

    private static void name(String field, String name) {
        if (name == null || !name.matches(NAME)) throw FleetloopException.invalid(field, "names are letters, digits, _ and - (got " + name + ")");
    }

    private static String string(Map<String, Object> spec, String key, boolean required) {
        Object value = spec.get(key);
        if (value == null) {
            if (required) throw FleetloopException.invalid("spec." + key, "required");
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) throw FleetloopException.invalid("spec." + key, "a non-blank string");
        return s;
    }

    private static void limit(Map<String, Object> spec, String key, long min, long max) {
        Object value = spec.get(key);
        if (value == null) return;
        if (!(value instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max) {
            throw FleetloopException.invalid("spec." + key, "a number from " + min + " to " + max);
        }
    }
}
