package io.fleetloop.api.orchestration.workflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The code-defined catalogue of built-in operators: the platform's own jobs as nodes, spec {@code {"job": name}},
 * version 1. Their operator id is {@code builtin:<name>}; every tenant sees them.
 */
public final class BuiltinOperators {

    public static final String PREFIX = "builtin:";

    public record Builtin(String name, String description, OperatorVersionDefinition version) {
        public OperatorId operatorId() {
            return new OperatorId(PREFIX + name);
        }
    }

    public static final List<Builtin> ALL = List.of(
            builtin("ingest", "ingest from a data source (or run an ingestion task) and wait for it", List.of(),
                    List.of("assets", "taskId", "objectCount", "totalBytes"),
                    Map.of("sourceId", new ParameterSpec("string", false, null), "taskId", new ParameterSpec("string", false, null),
                            "filter", new ParameterSpec("string", false, "*"), "targetPath", new ParameterSpec("string", false, null),
                            "modality", new ParameterSpec("string", false, "OTHER"))),
            builtin("register-asset", "register an object as a catalog asset", List.of("object"), List.of("asset"),
                    Map.of("modality", new ParameterSpec("string", false, null))),
            builtin("pre-label", "pre-label an annotation task's assets and wait until they are ready for review", List.of(),
                    List.of("taskId", "annotations"), Map.of("taskId", new ParameterSpec("string", false, null))),
            builtin("export-dataset", "export approved annotations as a dataset", List.of("annotations"), List.of("dataset"),
                    Map.of("format", new ParameterSpec("string", false, "coco"))),
            builtin("simulate", "generate items of a simulation scenario and wait for them", List.of(), List.of("assets", "taskId", "itemCount"),
                    Map.of("scenarioId", new ParameterSpec("string", true, null), "scenarioVersion", new ParameterSpec("integer", false, null),
                            "items", new ParameterSpec("integer", false, 10), "seed", new ParameterSpec("integer", false, null))),
            builtin("mine-scenes", "mine scenes from assets", List.of("assets"), List.of("scenes"),
                    Map.of("query", new ParameterSpec("string", false, null))),
            builtin("diagnose-logs", "diagnose a vehicle log batch", List.of("batch"), List.of("report"), Map.of()),
            builtin("noop", "does nothing (tests, benchmarks)", List.of(), List.of("out"), Map.of()),
            builtin("echo", "returns its inputs and parameters as its output (tests)", List.of(), List.of("out"),
                    Map.of("message", new ParameterSpec("string", false, null))),
            builtin("sleep", "waits for millis, stops when the run is cancelled (tests)", List.of(), List.of("sleptMillis"),
                    Map.of("millis", new ParameterSpec("integer", true, null))));

    private BuiltinOperators() {
    }

    public static Optional<Builtin> byId(String operatorId) {
        return ALL.stream().filter(b -> b.operatorId().value().equals(operatorId)).findFirst();
    }

    private static Builtin builtin(String name, String description, List<String> inputs, List<String> outputs,
                                   Map<String, ParameterSpec> parameters) {
        return new Builtin(name, description, new OperatorVersionDefinition(1, Map.of("job", name), inputs, outputs, parameters));
    }
}
