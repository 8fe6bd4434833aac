package io.fleetloop.workers.orchestration.run;

import io.fleetloop.api.annotation.BuildDatasetExportQuery;
import io.fleetloop.api.annotation.DatasetExportFile;
import io.fleetloop.api.annotation.ExportFormat;
import io.fleetloop.api.annotation.RecordDatasetExportCommand;
import io.fleetloop.api.catalog.FindSceneMiningJobQuery;
import io.fleetloop.api.catalog.MineScenesCommand;
import io.fleetloop.api.catalog.MinedAsset;
import io.fleetloop.api.catalog.SceneMiningJobId;
import io.fleetloop.api.catalog.SceneMiningJobView;
import io.fleetloop.api.diagnosis.Citation;
import io.fleetloop.api.diagnosis.Diagnosis;
import io.fleetloop.api.diagnosis.FindLogBatchDiagnosisQuery;
import io.fleetloop.api.diagnosis.LogBatchDiagnosisView;
import io.fleetloop.api.diagnosis.LogBatchId;
import io.fleetloop.api.diagnosis.RootCauseCandidate;
import io.fleetloop.api.metering.MeterUsageCommand;
import io.fleetloop.api.metering.UsageSubject;
import io.fleetloop.refusals.CommandRefusals;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.ingestion.StartIngestionCommand;
import io.fleetloop.api.ingestion.CreateIngestionTaskCommand;
import io.fleetloop.api.ingestion.FindIngestionTaskQuery;
import io.fleetloop.api.ingestion.IngestionRule;
import io.fleetloop.api.ingestion.IngestionTaskStatus;
import io.fleetloop.api.ingestion.IngestionTaskView;
import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.AnnotationTaskStatus;
import io.fleetloop.api.annotation.AnnotationTaskView;
import io.fleetloop.api.annotation.FindAnnotationTaskQuery;
import io.fleetloop.api.annotation.RunPreLabelingCommand;
import io.fleetloop.api.metering.AdmitDispatchCommand;
import io.fleetloop.api.metering.DispatchDecision;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.simulation.CreateSimulationTaskCommand;
import io.fleetloop.api.simulation.ResolveSimulationScenarioCommand;
import io.fleetloop.api.simulation.ScenarioVersion;
import io.fleetloop.api.simulation.SimulationQueries;
import io.fleetloop.api.simulation.SimulationScenarioId;
import io.fleetloop.api.simulation.SimulationTaskId;
import io.fleetloop.api.simulation.SimulationTaskView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The platform's own operators ({@code spec.job}): {@code noop}, {@code echo} (outputs = inputs and parameters),
 * {@code fail} (for tests), {@code sleep} ({@code millis}, stops when cancelled), {@code register-asset} (an object of
 * the tenant's as a catalog asset), and the platform's jobs {@code ingest}, {@code simulate} and {@code pre-label}: each asks
 * the tenant's account to admit the job (as the REST entry does), issues the job's own commands with an id derived from
 * run, node and attempt (a retried node finds its job again instead of starting a second one), and completes when the
 * job completes, with the ids of what the job produced as outputs. The job meters itself as it always does. Likewise
 * {@code export-dataset} (the annotation export, content-addressed: the same content is the same dataset version),
 * {@code mine-scenes} (a scene-mining job) and {@code diagnose-logs} (a log batch's diagnosis, which the batch's own
 * pipeline makes after gathering).
 */
@Component
class BuiltinOperator implements NodeOperator {

    /** How often a built-in node looks at its job's progress. */
    static final Duration POLL = Duration.ofMillis(250);
    /** The resource the annotation export meters, as its REST entry does. */
    static final String EXPORTED_ITEMS = "exported-items";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final PlatformObjectStore store;
    private final Clock clock;

    BuiltinOperator(CommandGateway commands, QueryGateway queries, PlatformObjectStore store, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public OperatorKind kind() {
        return OperatorKind.BUILTIN;
    }

    @Override
    public NodeResult execute(NodeCall call) throws Exception {
        String job = String.valueOf(call.spec().getOrDefault("job", call.node().operator().operatorId()));
        return switch (job) {
            // the catalogue (BuiltinOperators) declares the output "out" for both
            case "noop" -> NodeResult.of(Map.of("out", "done"));
            case "echo" -> {
                Map<String, Object> outputs = new LinkedHashMap<>(call.inputsAndParameters());
                outputs.putIfAbsent("out", new LinkedHashMap<>(call.inputsAndParameters()));
                yield NodeResult.of(outputs);
            }
            case "fail" -> throw new NodeFailure(String.valueOf(call.parameters().getOrDefault("message", "the fail operator failed, as asked")));
            case "sleep" -> sleep(call);
            case "register-asset" -> registerAsset(call);
            case "ingest" -> ingest(call);
            case "simulate" -> simulate(call);
            case "pre-label" -> preLabel(call);
            case "export-dataset" -> exportDataset(call);
            case "mine-scenes" -> mineScenes(call);
            case "diagnose-logs" -> diagnoseLogs(call);
            case "orchestration-task" -> orchestrationTask(call);
            default -> throw new NodeFailure("built-in operator '" + job + "' is not available as a workflow node yet");
        };
    }

    private NodeResult sleep(NodeCall call) throws NodeFailure, InterruptedException {
        long millis = number(call.inputsAndParameters().get("millis"), "millis");
        long end = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        long limit = System.nanoTime() + call.timeout().toNanos();
        while (System.nanoTime() < end) {
            if (call.job().cancelled()) throw new NodeFailure("cancelled while sleeping");
            if (System.nanoTime() > limit) throw new NodeFailure("timed out after " + call.timeout());
            Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
        return NodeResult.of(Map.of("sleptMillis", millis));
    }

    /** Registers an object under the tenant's prefix ({@code key}) as an asset of {@code modality} (default OTHER). */
    private NodeResult registerAsset(NodeCall call) throws Exception {
        Map<String, Object> args = call.inputsAndParameters();
        Object keyValue = args.get("key");
        if (keyValue instanceof Map<?, ?> artifact && artifact.get("key") != null) keyValue = artifact.get("key");
        if (keyValue == null) throw new NodeFailure("register-asset needs 'key', the object key under the tenant's prefix");
        String key = String.valueOf(keyValue);
        if (!key.startsWith(PlatformObjectStore.tenantPrefix(call.tenantId())) || key.contains("..")) {
            throw new NodeFailure("register-asset: key '" + key + "' is not under the tenant's prefix");
        }
        Modality modality;
        try {
            modality = Modality.valueOf(String.valueOf(args.getOrDefault("modality", "OTHER")).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new NodeFailure("register-asset: unknown modality '" + args.get("modality") + "'");
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (GetObjectResponse object = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket()).object(key).build());
             InputStream in = object) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; size += n) sha256.update(buffer, 0, n);
        } catch (io.minio.errors.ErrorResponseException e) {
            throw new NodeFailure("register-asset: no object '" + key + "'");
        }
        String digest = HexFormat.of().formatHex(sha256.digest());
        AssetId assetId = AssetId.contentAddressed(call.tenantId(), digest);
        commands.sendAndWait(new RegisterAssetCommand(assetId, call.tenantId(), new DataSourceId("workflow-" + call.queued().workflowId().value()),
                new IngestionTaskId("workflow-run-" + call.queued().runId().value()), store.uri(key), size, digest, modality, clock.instant(),
                Map.of("workflowRun", call.queued().runId().value(), "workflowNode", call.queued().nodeId())), call.metaData());
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("assetId", assetId.value());
        outputs.put("sizeBytes", size);
        outputs.put("sha256", digest);
        return NodeResult.of(outputs);
    }

    /**
     * Ingests from a data source ({@code sourceId}; {@code filter} the include pattern, {@code targetPath},
     * {@code modality}) or runs an existing ingestion task ({@code taskId}), then waits for the task to end. Outputs:
     * {@code taskId}, {@code assets} (the ids of the assets it produced), {@code objectCount}, {@code totalBytes}.
     */
    private NodeResult ingest(NodeCall call) throws Exception {
        Map<String, Object> args = call.inputsAndParameters();
        IngestionTaskId taskId;
        if (args.get("taskId") != null) {
            taskId = new IngestionTaskId(String.valueOf(args.get("taskId")));
        } else {
            if (args.get("sourceId") == null) throw new NodeFailure("ingest needs 'sourceId' (a data source of the tenant) or 'taskId'");
            taskId = new IngestionTaskId(jobId(call, "ingest"));
            Modality modality;
            try {
                modality = Modality.valueOf(String.valueOf(args.getOrDefault("modality", "OTHER")).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new NodeFailure("ingest: unknown modality '" + args.get("modality") + "'");
            }
            String target = String.valueOf(args.getOrDefault("targetPath", "workflow-runs/" + call.queued().runId().value() + "/" + call.queued().nodeId()));
            if (find(call, new FindIngestionTaskQuery(call.tenantId(), taskId), IngestionTaskView.class).isEmpty()) {
                send(call, "ingest", new CreateIngestionTaskCommand(taskId, call.tenantId(), new DataSourceId(String.valueOf(args.get("sourceId"))),
                        new IngestionRule(String.valueOf(args.getOrDefault("filter", "*")), target, modality)));
            }
        }
        Optional<IngestionTaskView> before = awaitView(call, new FindIngestionTaskQuery(call.tenantId(), taskId), IngestionTaskView.class, v -> true);
        if (before.isEmpty() || before.get().status() == IngestionTaskStatus.CREATED) {
            admit(call, LoopContext.ING, taskId.value(), List.of("ingested-bytes", "ingested-objects", "worker-seconds"));
            send(call, "ingest", new StartIngestionCommand(taskId, call.tenantId()));
        }
        IngestionTaskView done = awaitView(call, new FindIngestionTaskQuery(call.tenantId(), taskId), IngestionTaskView.class,
                v -> v.status() == IngestionTaskStatus.COMPLETED || v.status() == IngestionTaskStatus.FAILED
                        || v.status() == IngestionTaskStatus.STOPPED).orElseThrow();
        if (done.status() != IngestionTaskStatus.COMPLETED) {
            throw new NodeFailure("ingest: ingestion task " + taskId.value() + " ended " + done.status()
                    + (done.errorMessage() == null ? "" : ": " + done.errorMessage()));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("taskId", taskId.value());
        outputs.put("assets", done.assetIds());
        outputs.put("objectCount", done.objectCount());
        outputs.put("totalBytes", done.totalBytes());
        return NodeResult.of(outputs);
    }

    /**
     * Generates {@code items} items of a simulation scenario ({@code scenarioId}, {@code scenarioVersion}, {@code seed})
     * as a simulation task, admitted like {@code POST /v1/simulation-tasks}. Outputs: {@code taskId}, {@code assets}.
     */
    private NodeResult simulate(NodeCall call) throws Exception {
        Map<String, Object> args = call.inputsAndParameters();
        if (args.get("scenarioId") == null) throw new NodeFailure("simulate needs 'scenarioId', a simulation scenario of the tenant");
        int items = (int) number(args.getOrDefault("items", 10), "items");
        if (items < 1 || items > 10_000) throw new NodeFailure("simulate: 'items' must be 1-10000, not " + items);
        SimulationTaskId taskId = new SimulationTaskId(jobId(call, "simulate"));
        SimulationQueries.FindTask find = new SimulationQueries.FindTask(call.tenantId(), taskId.value());
        if (find(call, find, SimulationTaskView.class).isEmpty()) {
            Integer version = args.get("scenarioVersion") == null ? null : (int) number(args.get("scenarioVersion"), "scenarioVersion");
            ScenarioVersion scenario = send(call, "simulate", new ResolveSimulationScenarioCommand(
                    new SimulationScenarioId(String.valueOf(args.get("scenarioId"))), call.tenantId(), version));
            DispatchDecision decision = commands.sendAndWait(new AdmitDispatchCommand(call.tenantId(), LoopContext.SIM, taskId.value(),
                    List.of("simulation-items", "simulation-cpu-seconds"), clock.instant(), Map.of("simulation-items", (double) items)), call.metaData());
            refused(decision, "simulate");
            long seed = args.get("seed") == null ? UUID.fromString(taskId.value()).getLeastSignificantBits() : number(args.get("seed"), "seed");
            send(call, "simulate", new CreateSimulationTaskCommand(taskId, call.tenantId(), scenario, items, seed,
                    "workflow:" + call.queued().runId().value() + "/" + call.queued().nodeId()));
        }
        SimulationTaskView done = awaitView(call, find, SimulationTaskView.class,
                v -> List.of("COMPLETED", "FAILED", "CANCELLED").contains(v.status())).orElseThrow();
        if (!"COMPLETED".equals(done.status())) {
            throw new NodeFailure("simulate: simulation task " + taskId.value() + " ended " + done.status()
                    + (done.errorMessage() == null ? "" : ": " + done.errorMessage()));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("taskId", taskId.value());
        outputs.put("assets", done.outputAssetIds());
        outputs.put("itemCount", done.itemsDone());
        return NodeResult.of(outputs);
    }

    /**
     * Runs pre-labeling on an annotation task of the tenant ({@code taskId}), admitted like
     * {@code POST /v1/annotation-tasks/{id}/run-prelabeling}, and waits until its results are ready for review.
     * Outputs: {@code taskId}, {@code annotations} (the number of results).
     */
    private NodeResult preLabel(NodeCall call) throws Exception {
        Object given = call.inputsAndParameters().get("taskId");
        if (given == null) throw new NodeFailure("pre-label needs 'taskId', an annotation task of the tenant");
        AnnotationTaskId taskId = new AnnotationTaskId(String.valueOf(given));
        FindAnnotationTaskQuery find = new FindAnnotationTaskQuery(call.tenantId(), taskId);
        AnnotationTaskView before = find(call, find, AnnotationTaskView.class)
                .orElseThrow(() -> new NodeFailure("pre-label: no annotation task " + taskId.value()));
        if (before.status() == AnnotationTaskStatus.CREATED) {
            admit(call, LoopContext.ANN, taskId.value(), List.of("prelabeled-assets", "worker-seconds"));
            send(call, "pre-label", new RunPreLabelingCommand(taskId, call.tenantId()));
        }
        int attempt = before.status() == AnnotationTaskStatus.CREATED ? before.attempt() + 1 : before.attempt();
        AnnotationTaskView done = awaitView(call, find, AnnotationTaskView.class, v -> v.status() != AnnotationTaskStatus.PRELABELING
                && (v.status() != AnnotationTaskStatus.CREATED || v.attempt() >= attempt)).orElseThrow();
        if (done.status() == AnnotationTaskStatus.CREATED) {
            throw new NodeFailure("pre-label: pre-labeling of " + taskId.value() + " failed"
                    + (done.errorMessage() == null ? "" : ": " + done.errorMessage()));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("taskId", taskId.value());
        outputs.put("annotations", done.resultCount());
        return NodeResult.of(outputs);
    }

    /**
     * The node of an orchestration task's run (sagas' {@code orchestration-task-runs}): it issues nothing, since the data
     * flow or backfill runs the job; it completes at once when the job has already ended, otherwise it stays RUNNING
     * and the job's end is reported to the run by that process.
     */
    private NodeResult orchestrationTask(NodeCall call) throws NodeFailure {
        String target = String.valueOf(call.parameters().get("targetTaskId"));
        if ("INGESTION".equals(call.parameters().get("type"))) {
            Optional<IngestionTaskView> task = find(call, new FindIngestionTaskQuery(call.tenantId(), new IngestionTaskId(target)), IngestionTaskView.class);
            if (task.isPresent() && task.get().status() == IngestionTaskStatus.COMPLETED) {
                Map<String, Object> outputs = new LinkedHashMap<>();
                outputs.put("taskId", target);
                outputs.put("assets", task.get().assetIds());
                outputs.put("objectCount", task.get().objectCount());
                outputs.put("totalBytes", task.get().totalBytes());
                return NodeResult.of(outputs);
            }
            if (task.isPresent() && task.get().status() == IngestionTaskStatus.FAILED) {
                throw new NodeFailure("ingestion task " + target + " failed: " + task.get().errorMessage());
            }
            return NodeResult.DEFERRED;
        }
        Optional<AnnotationTaskView> task = find(call, new FindAnnotationTaskQuery(call.tenantId(), new AnnotationTaskId(target)), AnnotationTaskView.class);
        if (task.isPresent() && task.get().status() == AnnotationTaskStatus.COMPLETED) return NodeResult.of(Map.of("taskId", target));
        return NodeResult.DEFERRED;
    }

    /**
     * Exports an annotation task's approved results ({@code taskId}, {@code format} coco|kitti) as
     * {@code GET /v1/annotation-tasks/{id}/export} does: admitted (ANN, {@code exported-items}), the file built and stored
     * by the query side's exporter, registered as a DATASET asset, recorded on the task as a dataset version and metered
     * once per version. The file is named by its content, so a revived node finds the same asset and version.
     */
    private NodeResult exportDataset(NodeCall call) throws Exception {
        Map<String, Object> args = call.inputsAndParameters();
        Object given = args.get("taskId");
        if (given == null) throw new NodeFailure("export-dataset needs 'taskId', an annotation task of the tenant");
        String taskId = String.valueOf(given);
        ExportFormat format;
        try {
            format = ExportFormat.valueOf(String.valueOf(args.getOrDefault("format", "coco")).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new NodeFailure("export-dataset: format must be coco or kitti, not '" + args.get("format") + "'");
        }
        admit(call, LoopContext.ANN, taskId, List.of(EXPORTED_ITEMS));
        DatasetExportFile file;
        try {
            file = queries.query(new BuildDatasetExportQuery(call.tenantId(), new AnnotationTaskId(taskId), format),
                    ResponseTypes.instanceOf(DatasetExportFile.class)).join();
        } catch (RuntimeException e) {
            throw new NodeFailure("export-dataset: the export of " + taskId + " was refused: " + reason(e));
        }
        AssetId dataset = AssetId.contentAddressed(call.tenantId(), file.sha256());
        try {
            commands.sendAndWait(new RegisterAssetCommand(dataset, call.tenantId(), null, null, file.storagePath(), file.sizeBytes(),
                    file.sha256(), Modality.DATASET, clock.instant(), Map.of("datasetOf", "annotation-task:" + taskId, "format", format.name(),
                            "results", String.valueOf(file.results().size()), "workflowRun", call.queued().runId().value(),
                            "workflowNode", call.queued().nodeId())), call.metaData());
        } catch (RuntimeException e) {
            // the same content exported before (this node revived, or an earlier export) is the same asset, registered already
            if (!CommandRefusals.isDuplicateAggregate(e)) throw new NodeFailure("export-dataset: RegisterAssetCommand refused: " + reason(e));
        }
        Integer version = send(call, "export-dataset", new RecordDatasetExportCommand(new AnnotationTaskId(taskId), call.tenantId(), dataset,
                format, file.storagePath(), file.sha256(), file.sizeBytes(), file.results()));
        // one usage per dataset version, under the same key as the REST export: the same version is metered once
        send(call, "export-dataset", MeterUsageCommand.of(UsageSubject.ofTask(call.tenantId(), LoopContext.ANN, taskId),
                "export/" + taskId + "/" + format.name().toLowerCase(Locale.ROOT) + "/v" + version, null, EXPORTED_ITEMS,
                file.results().size(), "item", clock.instant()));
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("datasetAssetId", dataset.value());
        outputs.put("version", version);
        outputs.put("format", format.name().toLowerCase(Locale.ROOT));
        outputs.put("storagePath", file.storagePath());
        outputs.put("sha256", file.sha256());
        outputs.put("sizeBytes", file.sizeBytes());
        outputs.put("items", file.results().size());
        outputs.put("taskId", taskId);
        return NodeResult.of(outputs);
    }

    /**
     * Mines scenes over {@code assetIds} (e.g. wired from an ingest node's {@code assets}) or a {@code filter} of
     * {@code GET /v1/assets}' fields, as {@code POST /v1/scene-mining} does, admitted (CAT, {@code scene-mined-assets}),
     * and waits for the job. Outputs: {@code jobId}, {@code tags} (the scene tags found), {@code longTailTags},
     * {@code assets}, {@code minedAssets}.
     */
    private NodeResult mineScenes(NodeCall call) throws Exception {
        Map<String, Object> args = call.inputsAndParameters();
        Object ids = args.get("assetIds");
        Object filter = args.get("filter");
        if ((ids == null) == (filter == null)) throw new NodeFailure("mine-scenes needs either 'assetIds' or 'filter'");
        SceneMiningJobId jobId = new SceneMiningJobId(jobId(call, "mine-scenes"));
        FindSceneMiningJobQuery find = new FindSceneMiningJobQuery(call.tenantId(), jobId);
        if (find(call, find, SceneMiningJobView.class).isEmpty()) {
            List<String> assetIds = null;
            if (ids != null) {
                if (!(ids instanceof List<?> list)) throw new NodeFailure("mine-scenes: 'assetIds' must be a list of asset ids");
                assetIds = list.stream().map(String::valueOf).toList();
            }
            Map<String, Object> asFilter = null;
            if (filter != null) {
                if (!(filter instanceof Map<?, ?> map)) throw new NodeFailure("mine-scenes: 'filter' must be an object");
                asFilter = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : map.entrySet()) asFilter.put(String.valueOf(entry.getKey()), entry.getValue());
            }
            admit(call, LoopContext.CAT, jobId.value(), List.of("scene-mined-assets"));
            try {
                commands.sendAndWait(new MineScenesCommand(jobId, call.tenantId(), assetIds, asFilter, clock.instant()), call.metaData());
            } catch (RuntimeException e) {
                // a revived node whose request went through before the crash finds its job; anything else is the refusal
                if (!CommandRefusals.isDuplicateAggregate(e)) throw new NodeFailure("mine-scenes: the scene-mining request was refused: " + reason(e));
            }
        }
        SceneMiningJobView done = awaitView(call, find, SceneMiningJobView.class,
                v -> List.of("COMPLETED", "FAILED", "CANCELLED").contains(v.status())).orElseThrow();
        if (!"COMPLETED".equals(done.status())) {
            throw new NodeFailure("mine-scenes: scene-mining job " + jobId.value() + " ended " + done.status()
                    + (done.reason() == null ? "" : ": " + done.reason()));
        }
        java.util.SortedSet<String> tags = new java.util.TreeSet<>();
        java.util.SortedSet<String> longTail = new java.util.TreeSet<>();
        List<String> assets = new java.util.ArrayList<>();
        for (MinedAsset mined : done.assets() == null ? List.<MinedAsset>of() : done.assets()) {
            assets.add(mined.assetId().value());
            tags.addAll(mined.sceneTags());
            longTail.addAll(mined.longTailTags());
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("jobId", jobId.value());
        outputs.put("tags", List.copyOf(tags));
        outputs.put("longTailTags", List.copyOf(longTail));
        outputs.put("assets", assets);
        outputs.put("minedAssets", done.minedAssets() == null ? assets.size() : done.minedAssets());
        return NodeResult.of(outputs);
    }

    /**
     * The diagnosis of a log batch ({@code batchId}): the batch's own pipeline diagnoses it after gathering (job
     * {@code log-diagnosis}, metered {@code diagnosis-calls}), so the node starts no second diagnosis; it is admitted
     * (BHV, {@code diagnosis-calls}) and waits until the batch ended. A batch that failed, or completed without a
     * diagnosis (its diagnosis failed or ran past its deadline), fails the node with the batch's reason. Outputs:
     * {@code batchId}, {@code diagnoser}, {@code summary} (the top root cause), {@code confidence}, {@code rootCauses},
     * {@code recommendations}, {@code citations} (the knowledge entries the diagnosis cites).
     */
    private NodeResult diagnoseLogs(NodeCall call) throws Exception {
        Object given = call.inputsAndParameters().get("batchId");
        if (given == null) throw new NodeFailure("diagnose-logs needs 'batchId', a log batch of the tenant");
        LogBatchId batchId = new LogBatchId(String.valueOf(given));
        FindLogBatchDiagnosisQuery find = new FindLogBatchDiagnosisQuery(call.tenantId(), batchId);
        if (find(call, find, LogBatchDiagnosisView.class).isEmpty()) throw new NodeFailure("diagnose-logs: no log batch " + batchId.value());
        admit(call, LoopContext.BHV, batchId.value(), List.of("diagnosis-calls"));
        LogBatchDiagnosisView done = awaitView(call, find, LogBatchDiagnosisView.class,
                v -> "completed".equalsIgnoreCase(v.status()) || "failed".equalsIgnoreCase(v.status())).orElseThrow();
        if (done.diagnosis() == null) {
            throw new NodeFailure("diagnose-logs: log batch " + batchId.value() + " ended " + done.status().toLowerCase(Locale.ROOT)
                    + " without a diagnosis" + (done.reason() == null ? "" : ": " + done.reason()));
        }
        Diagnosis diagnosis = done.diagnosis();
        List<Map<String, Object>> causes = new java.util.ArrayList<>();
        for (RootCauseCandidate candidate : diagnosis.candidates()) {
            Map<String, Object> cause = new LinkedHashMap<>();
            cause.put("cause", candidate.cause());
            cause.put("confidence", candidate.confidence());
            cause.put("errorCodes", candidate.errorCodes());
            cause.put("citedEntryIds", candidate.citedEntryIds());
            causes.add(cause);
        }
        List<Map<String, Object>> citations = new java.util.ArrayList<>();
        for (Citation citation : diagnosis.citations()) {
            Map<String, Object> cited = new LinkedHashMap<>();
            cited.put("entryId", citation.entryId());
            cited.put("entryVersion", citation.entryVersion());
            cited.put("errorCode", citation.errorCode());
            cited.put("title", citation.title());
            citations.add(cited);
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("batchId", batchId.value());
        outputs.put("diagnoser", diagnosis.diagnoser());
        outputs.put("summary", diagnosis.candidates().isEmpty() ? "no root cause found" : diagnosis.candidates().get(0).cause());
        outputs.put("confidence", diagnosis.confidence());
        outputs.put("rootCauses", causes);
        outputs.put("recommendations", diagnosis.recommendations());
        outputs.put("citations", citations);
        return NodeResult.of(outputs);
    }

    /** The refusal's own message (a command's problem details, or the innermost cause). */
    private static String reason(Throwable error) {
        Optional<io.fleetloop.api.common.ErrorDetails> details = CommandRefusals.details(error);
        if (details.isPresent()) return details.get().message();
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** The id of the job a node attempt starts: the same for the same run, node and attempt. */
    static String jobId(NodeCall call, String job) {
        return UUID.nameUUIDFromBytes(("workflow-node:" + job + ":" + call.queued().runId().value() + "/" + call.queued().nodeId() + "#"
                + call.queued().attempt()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void admit(NodeCall call, LoopContext context, String subjectId, List<String> resources) throws NodeFailure {
        refused(commands.sendAndWait(new AdmitDispatchCommand(call.tenantId(), context, subjectId, resources, clock.instant()), call.metaData()),
                String.valueOf(call.spec().get("job")));
    }

    private static void refused(DispatchDecision decision, String job) throws NodeFailure {
        if (decision.admitted()) return;
        try {
            decision.requireAdmitted();
        } catch (RuntimeException e) {
            throw new NodeFailure(job + ": refused at dispatch (QUOTA_EXCEEDED): " + e.getMessage());
        }
    }

    private <R> R send(NodeCall call, String job, Object command) throws NodeFailure {
        try {
            return commands.sendAndWait(command, call.metaData());
        } catch (RuntimeException e) {
            throw new NodeFailure(job + ": " + command.getClass().getSimpleName() + " refused: " + e.getMessage());
        }
    }

    private <T> Optional<T> find(NodeCall call, Object query, Class<T> type) {
        return queries.query(query, ResponseTypes.optionalInstanceOf(type)).join();
    }

    /** Looks at the job's read model until {@code done} holds, the node times out or the run is cancelled. */
    private <T> Optional<T> awaitView(NodeCall call, Object query, Class<T> type, Predicate<T> done) throws NodeFailure, InterruptedException {
        long limit = System.nanoTime() + call.timeout().toNanos();
        while (true) {
            Optional<T> view = find(call, query, type);
            if (view.isPresent() && done.test(view.get())) return view;
            if (call.job().cancelled()) throw new NodeFailure("cancelled while waiting for the job");
            if (System.nanoTime() > limit) throw new NodeFailure("timed out after " + call.timeout() + " waiting for the job");
            Thread.sleep(POLL.toMillis());
        }
    }

    static long number(Object value, String name) throws NodeFailure {
        if (value instanceof Number n) return n.longValue();
        try {
            return Long.parseLong(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new NodeFailure("parameter '" + name + "' must be a number, not '" + value + "'");
        }
    }
}
