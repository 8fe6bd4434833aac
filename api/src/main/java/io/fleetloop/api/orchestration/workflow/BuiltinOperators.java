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

    /**
     * A built-in operator. Beyond its parameter schema, a workflow save checks {@code needs} (each entry: one of these
     * names must be given, as a parameter or as a wired input — what the job cannot start without) and {@code choices}
     * (a string parameter's allowed values, case-insensitive).
     */
    public record Builtin(String name, String description, OperatorVersionDefinition version, List<List<String>> needs,
                          Map<String, List<String>> choices) {
        public Builtin {
            needs = needs == null ? List.of() : List.copyOf(needs);
            choices = choices == null ? Map.of() : Map.copyOf(choices);
        }

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
            builtin("export-dataset", "export an annotation task's approved results as a dataset (as GET /v1/annotation-tasks/{id}/export):"
                            + " taskId string (parameter or wired input), format coco|kitti; outputs datasetAssetId string, version integer,"
                            + " format string, storagePath string, sha256 string, sizeBytes integer, items integer, taskId string",
                    List.of(), List.of("datasetAssetId", "version", "format", "storagePath", "sha256", "sizeBytes", "items", "taskId"),
                    Map.of("taskId", new ParameterSpec("string", false, null), "format", new ParameterSpec("string", false, "coco")),
                    List.of(List.of("taskId")), Map.of("format", List.of("coco", "kitti"))),
            builtin("simulate", "generate items of a simulation scenario and wait for them", List.of(), List.of("assets", "taskId", "itemCount"),
                    Map.of("scenarioId", new ParameterSpec("string", true, null), "scenarioVersion", new ParameterSpec("integer", false, null),
                            "items", new ParameterSpec("integer", false, 10), "seed", new ParameterSpec("integer", false, null))),
            builtin("mine-scenes", "mine scenes (as POST /v1/scene-mining) over assetIds array (parameter or wired input, e.g. an"
                            + " ingest node's assets) or a filter object of GET /v1/assets' fields; outputs jobId string, tags array"
                            + " (scene tags found), longTailTags array, assets array (asset ids), minedAssets integer",
                    List.of(), List.of("jobId", "tags", "longTailTags", "assets", "minedAssets"),
                    Map.of("assetIds", new ParameterSpec("array", false, null), "filter", new ParameterSpec("object", false, null)),
                    List.of(List.of("assetIds", "filter")), Map.of()),
            builtin("diagnose-logs", "the diagnosis of a vehicle log batch (batchId string, parameter or wired input), waiting for the"
                            + " batch's pipeline to diagnose it; outputs batchId string, diagnoser string, summary string, confidence"
                            + " number, rootCauses array, recommendations array, citations array (cited knowledge entries)",
                    List.of(), List.of("batchId", "diagnoser", "summary", "confidence", "rootCauses", "recommendations", "citations"),
                    Map.of("batchId", new ParameterSpec("string", false, null)), List.of(List.of("batchId")), Map.of()),
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
        return builtin(name, description, inputs, outputs, parameters, List.of(), Map.of());
    }

    private static Builtin builtin(String name, String description, List<String> inputs, List<String> outputs,
                                   Map<String, ParameterSpec> parameters, List<List<String>> needs, Map<String, List<String>> choices) {
        return new Builtin(name, description, new OperatorVersionDefinition(1, Map.of("job", name), inputs, outputs, parameters), needs,
                choices);
    }
}
