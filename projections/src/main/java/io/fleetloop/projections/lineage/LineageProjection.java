package io.fleetloop.projections.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.annotation.AnnotationApprovedEvent;
import io.fleetloop.api.annotation.AnnotationCorrectedEvent;
import io.fleetloop.api.annotation.AnnotationRejectedEvent;
import io.fleetloop.api.annotation.AnnotationResultCreatedEvent;
import io.fleetloop.api.annotation.AnnotationTaskCompletedEvent;
import io.fleetloop.api.annotation.AnnotationTaskCreatedEvent;
import io.fleetloop.api.annotation.DatasetExportedEvent;
import io.fleetloop.api.annotation.ExportedResult;
import io.fleetloop.api.behavior.BackfillStage;
import io.fleetloop.api.behavior.BackfillStageReachedEvent;
import io.fleetloop.api.behavior.BehaviorSessionCreatedEvent;
import io.fleetloop.api.behavior.FeedbackDecisionMadeEvent;
import io.fleetloop.api.behavior.ProblemSampleExportedToAnnotationEvent;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.ProblemSampleIdentifiedEvent;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataIngestionFailedEvent;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.DataSourceCreatedEvent;
import io.fleetloop.api.ingestion.IngestionTaskCreatedEvent;
import io.fleetloop.api.lineage.LineageNodeType;
import io.fleetloop.api.simulation.SimulationDataGeneratedEvent;
import io.fleetloop.api.simulation.SimulationItemGeneratedEvent;
import io.fleetloop.api.simulation.SimulationOutput;
import io.fleetloop.api.simulation.SimulationScenarioCreatedEvent;
import io.fleetloop.api.simulation.SimulationScenarioRevisedEvent;
import io.fleetloop.api.simulation.SimulationTaskCreatedEvent;
import io.fleetloop.api.simulation.SimulationTaskFailedEvent;
import io.fleetloop.api.orchestration.DataFlowCreatedEvent;
import io.fleetloop.api.orchestration.DataFlowTriggeredEvent;
import io.fleetloop.api.orchestration.FlowAction;
import io.fleetloop.api.orchestration.TriggeredClip;
import io.fleetloop.api.ota.DeviceRegisteredEvent;
import io.fleetloop.api.ota.DeviceUpdateReportedEvent;
import io.fleetloop.api.ota.OTAClosedLoopCompletedEvent;
import io.fleetloop.api.ota.ReleaseTaskCreatedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.fleetloop.api.lineage.LineageNodeType.ANNOTATION_RESULT;
import static io.fleetloop.api.lineage.LineageNodeType.ANNOTATION_TASK;
import static io.fleetloop.api.lineage.LineageNodeType.ASSET;
import static io.fleetloop.api.lineage.LineageNodeType.BEHAVIOR_SESSION;
import static io.fleetloop.api.lineage.LineageNodeType.DATASET;
import static io.fleetloop.api.lineage.LineageNodeType.DATA_FLOW;
import static io.fleetloop.api.lineage.LineageNodeType.DEVICE;
import static io.fleetloop.api.lineage.LineageNodeType.FEEDBACK_DECISION;
import static io.fleetloop.api.lineage.LineageNodeType.INGESTION_TASK;
import static io.fleetloop.api.lineage.LineageNodeType.MODEL_VERSION;
import static io.fleetloop.api.lineage.LineageNodeType.PROBLEM_SAMPLE;
import static io.fleetloop.api.lineage.LineageNodeType.RELEASE_TASK;
import static io.fleetloop.api.lineage.LineageNodeType.SIMULATION_SCENARIO;
import static io.fleetloop.api.lineage.LineageNodeType.SIMULATION_TASK;
import static io.fleetloop.api.lineage.LineageNodeType.SOURCE;

/**
 * The lineage graph: which source, ingestion, raw asset, annotation task, result revision and dataset came from which.
 * Nodes and edges are upserts whose properties merge (later events add to what earlier ones said), and an edge first
 * makes sure both of its ends exist, so the graph never has a dangling edge whatever order the contexts' events arrive in.
 */
@Component
@ProcessingGroup("lineage")
class LineageProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    LineageProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(DataSourceCreatedEvent event) {
        node(event.tenantId(), SOURCE, event.sourceId().value(), event.name(),
                properties("protocolType", event.protocolType(), "createdAt", event.createdAt()));
    }

    @EventHandler
    void on(IngestionTaskCreatedEvent event) {
        String task = event.taskId().value();
        node(event.tenantId(), INGESTION_TASK, task, event.ingestionRule().targetPath(), properties("status", "CREATED",
                "modality", event.ingestionRule().modality(), "includePattern", event.ingestionRule().includePattern(),
                "createdAt", event.createdAt()));
        edge(event.tenantId(), SOURCE, event.sourceId().value(), INGESTION_TASK, task, "ingested-by", Map.of());
    }

    @EventHandler
    void on(DataIngestionStartedEvent event) {
        node(event.tenantId(), INGESTION_TASK, event.taskId().value(), null, properties("status", "RUNNING", "attempt", event.attempt()));
    }

    @EventHandler
    void on(DataIngestionCompletedEvent event) {
        if (event.batch() != null) return; // a batch of a running task: its assets come with MetadataRegistered
        node(event.tenantId(), INGESTION_TASK, event.taskId().value(), null, properties("status", "COMPLETED",
                "objectCount", event.objectCount(), "duplicateCount", event.duplicateCount(), "totalBytes", event.totalBytes(),
                "completedAt", event.completedAt()));
    }

    @EventHandler
    void on(DataIngestionFailedEvent event) {
        node(event.tenantId(), INGESTION_TASK, event.taskId().value(), null, properties("status", "FAILED",
                "errorMessage", event.errorMessage()));
    }

    /** Attributes (VIN, position, plates) stay out of the graph: they are personal data, masked elsewhere. */
    @EventHandler
    void on(MetadataRegisteredEvent event) {
        LineageNodeType type = event.modality() == Modality.DATASET ? DATASET : ASSET;
        String asset = event.assetId().value();
        node(event.tenantId(), type, asset, event.storagePath(), properties("modality", event.modality(),
                "storagePath", event.storagePath(), "sizeBytes", event.sizeBytes(), "sha256", event.sha256(),
                "ingestedAt", event.ingestedAt()));
        if (event.ingestionTaskId() != null) {
            edge(event.tenantId(), INGESTION_TASK, event.ingestionTaskId().value(), type, asset, "produced", Map.of());
        }
    }

    @EventHandler
    void on(SimulationScenarioCreatedEvent event) {
        node(event.tenantId(), SIMULATION_SCENARIO, event.scenarioId().value(), event.name(), properties("scenarioType", event.scenarioType(),
                "version", event.version(), "createdAt", event.createdAt()));
    }

    @EventHandler
    void on(SimulationScenarioRevisedEvent event) {
        node(event.tenantId(), SIMULATION_SCENARIO, event.scenarioId().value(), event.name(), properties("version", event.version()));
    }

    /** Seed 000 §5 step 10: scenario → task → generated items. */
    @EventHandler
    void on(SimulationTaskCreatedEvent event) {
        String task = event.taskId().value();
        node(event.tenantId(), SIMULATION_TASK, task, event.scenario().name(), properties("status", "RUNNING",
                "scenarioVersion", event.scenario().version(), "batchSize", event.batchSize(), "seed", String.valueOf(event.seed()),
                "createdAt", event.createdAt()));
        edge(event.tenantId(), SIMULATION_SCENARIO, event.scenario().scenarioId().value(), SIMULATION_TASK, task, "simulated-in",
                properties("scenarioVersion", event.scenario().version()));
    }

    @EventHandler
    void on(SimulationItemGeneratedEvent event) {
        for (SimulationOutput output : event.outputs()) {
            if (output.kind().equals("dbc")) continue; // shared by every item: an edge from the task below
            edge(event.tenantId(), SIMULATION_TASK, event.taskId().value(), ASSET, output.assetId().value(), "generated",
                    properties("item", event.index(), "kind", output.kind()));
        }
    }

    @EventHandler
    void on(SimulationDataGeneratedEvent event) {
        node(event.tenantId(), SIMULATION_TASK, event.taskId().value(), null, properties("status", event.status(),
                "itemCount", event.itemCount(), "completedAt", event.completedAt()));
        event.outputs().stream().filter(o -> o.kind().equals("dbc")).forEach(o -> edge(event.tenantId(), SIMULATION_TASK,
                event.taskId().value(), ASSET, o.assetId().value(), "generated", properties("kind", o.kind())));
    }

    @EventHandler
    void on(SimulationTaskFailedEvent event) {
        node(event.tenantId(), SIMULATION_TASK, event.taskId().value(), null, properties("status", "FAILED", "errorMessage", event.reason()));
    }

    @EventHandler
    void on(AnnotationTaskCreatedEvent event) {
        String task = event.taskId().value();
        node(event.tenantId(), ANNOTATION_TASK, task, event.name(), properties("status", "CREATED",
                "annotationType", event.annotationType(), "assetCount", event.assetIds().size(), "createdAt", event.createdAt()));
        for (AssetId asset : event.assetIds()) {
            edge(event.tenantId(), assetType(event.tenantId(), asset), asset.value(), ANNOTATION_TASK, task, "annotated-in", Map.of());
        }
    }

    @EventHandler
    void on(AnnotationTaskCompletedEvent event) {
        node(event.tenantId(), ANNOTATION_TASK, event.taskId().value(), null, properties("status", "COMPLETED",
                "completedAt", event.completedAt()));
    }

    @EventHandler
    void on(AnnotationResultCreatedEvent event) {
        String result = event.resultId().value();
        node(event.tenantId(), ANNOTATION_RESULT, result, null, properties("status", "PENDING_REVIEW", "revision", event.revision(),
                "labeler", event.labeler(), "labelCount", event.labels().size(), "taskId", event.taskId().value(),
                "assetId", event.assetId().value()));
        edge(event.tenantId(), ANNOTATION_TASK, event.taskId().value(), ANNOTATION_RESULT, result, "has-result", Map.of());
        edge(event.tenantId(), assetType(event.tenantId(), event.assetId()), event.assetId().value(), ANNOTATION_RESULT, result,
                "labelled-by", Map.of());
    }

    @EventHandler
    void on(AnnotationCorrectedEvent event) {
        node(event.tenantId(), ANNOTATION_RESULT, event.resultId().value(), null, properties("status", "PENDING_REVIEW",
                "revision", event.revision(), "labelCount", event.labels().size()));
    }

    @EventHandler
    void on(AnnotationRejectedEvent event) {
        node(event.tenantId(), ANNOTATION_RESULT, event.resultId().value(), null, properties("status", "REJECTED",
                "revision", event.revision()));
    }

    @EventHandler
    void on(AnnotationApprovedEvent event) {
        node(event.tenantId(), ANNOTATION_RESULT, event.resultId().value(), null, properties("status", "APPROVED",
                "revision", event.revision()));
    }

    /** The exact revisions in the dataset are on the {@code exported-into} edges; a result's node shows its latest. */
    @EventHandler
    void on(DatasetExportedEvent event) {
        String dataset = event.datasetAssetId().value();
        node(event.tenantId(), DATASET, dataset, null, properties("format", event.format(), "storagePath", event.storagePath(),
                "sha256", event.sha256(), "sizeBytes", event.sizeBytes()));
        edge(event.tenantId(), ANNOTATION_TASK, event.taskId().value(), DATASET, dataset, "exported-as",
                properties("format", event.format(), "version", event.version(), "exportedAt", event.exportedAt()));
        for (ExportedResult result : event.results()) {
            edge(event.tenantId(), ANNOTATION_RESULT, result.resultId().value(), DATASET, dataset, "exported-into",
                    properties("revision", result.revision()));
        }
    }

    /** The closed loop starts here: the recorded assets a session replays. */
    @EventHandler
    void on(BehaviorSessionCreatedEvent event) {
        String session = event.sessionId().value();
        node(event.tenantId(), BEHAVIOR_SESSION, session, event.name(), properties("deviceId", event.deviceId(), "from", event.from(),
                "to", event.to(), "sourceCount", event.sources().size(), "createdAt", event.createdAt()));
        for (AssetId asset : event.assetIds()) {
            edge(event.tenantId(), assetType(event.tenantId(), asset), asset.value(), BEHAVIOR_SESSION, session, "replayed-in", Map.of());
        }
    }

    @EventHandler
    void on(ProblemSampleIdentifiedEvent event) {
        String sample = event.sampleId().value();
        node(event.tenantId(), PROBLEM_SAMPLE, sample, event.problemType() + " " + event.severity(), properties(
                "problemType", event.problemType(), "severity", event.severity(), "deviceId", event.deviceId(),
                "segmentFrom", event.rootCauseSegment() == null ? null : event.rootCauseSegment().from(),
                "segmentTo", event.rootCauseSegment() == null ? null : event.rootCauseSegment().to(),
                "identifiedAt", event.identifiedAt()));
        edge(event.tenantId(), BEHAVIOR_SESSION, event.sessionId().value(), PROBLEM_SAMPLE, sample, "sampled-as", Map.of());
    }

    @EventHandler
    void on(ProblemSampleExportedToAnnotationEvent event) {
        edge(event.tenantId(), PROBLEM_SAMPLE, event.sampleId().value(), ANNOTATION_TASK, event.annotationTaskId().value(),
                "exported-to-annotation", properties("exportedAt", event.exportedAt()));
    }

    @EventHandler
    void on(FeedbackDecisionMadeEvent event) {
        String decision = event.decisionId().value();
        node(event.tenantId(), FEEDBACK_DECISION, decision, null, properties("decidedAt", event.decidedAt(), "sampleCount", event.sampleIds().size(),
                "triggerRule", event.nextIngestionScope() == null ? null : event.nextIngestionScope().triggerRule()));
        for (ProblemSampleId sample : event.sampleIds()) {
            edge(event.tenantId(), PROBLEM_SAMPLE, sample.value(), FEEDBACK_DECISION, decision, "fed-back-by", Map.of());
        }
    }

    /** The backfill's ingestion task(s) are the refs of its INGESTION_STARTED stage; the later stages follow the usual edges. */
    @EventHandler
    void on(BackfillStageReachedEvent event) {
        String decision = event.decisionId().value();
        node(event.tenantId(), FEEDBACK_DECISION, decision, null, properties(camel(event.stage().name()) + "At", event.reachedAt()));
        if (event.stage() != BackfillStage.INGESTION_STARTED) return;
        for (String task : event.refs()) {
            edge(event.tenantId(), FEEDBACK_DECISION, decision, INGESTION_TASK, task, "backfilled-by", Map.of());
        }
    }

    /** A release's model version and the datasets it was trained on (from the model-ready webhook). */
    @EventHandler
    void on(ReleaseTaskCreatedEvent event) {
        String release = event.taskId().value();
        node(event.tenantId(), MODEL_VERSION, event.versionId(), event.versionId(), properties("artifactSha256", event.artifactSha256(),
                "artifactSizeBytes", event.artifactSizeBytes()));
        node(event.tenantId(), RELEASE_TASK, release, event.versionId(), properties("releaseType", event.releaseType(),
                "targetDeviceType", event.targetDeviceType(), "status", "CREATED", "createdAt", event.createdAt()));
        for (AssetId dataset : event.datasetIdList()) {
            edge(event.tenantId(), DATASET, dataset.value(), MODEL_VERSION, event.versionId(), "trained-into", Map.of());
        }
        edge(event.tenantId(), MODEL_VERSION, event.versionId(), RELEASE_TASK, release, "released-by", Map.of());
    }

    @EventHandler
    void on(OTAClosedLoopCompletedEvent event) {
        node(event.tenantId(), RELEASE_TASK, event.taskId().value(), null, properties("status", "COMPLETED",
                "successCount", event.successCount(), "totalDevices", event.totalDevices(), "completedAt", event.completedAt()));
    }

    /** Devices are nodes by their own id (the DDI controller id); attributes stay out (they may be personal data). */
    @EventHandler
    void on(DeviceRegisteredEvent event) {
        node(event.tenantId(), DEVICE, event.deviceId(), event.deviceId(), properties("deviceType", event.deviceType()));
    }

    /** Only a successful install makes the device run what the release carried (and puts it downstream of the release). */
    @EventHandler
    void on(DeviceUpdateReportedEvent event) {
        if (!event.success()) {
            node(event.tenantId(), DEVICE, event.deviceId(), event.deviceId(), Map.of());
            return;
        }
        node(event.tenantId(), DEVICE, event.deviceId(), event.deviceId(), properties("installedVersion", event.versionId()));
        edge(event.tenantId(), RELEASE_TASK, event.taskId().value(), DEVICE, event.deviceId(), "installed-on",
                properties("versionId", event.versionId(), "reportedAt", event.reportedAt()));
    }

    /** Edge collection flows are where clips come from (annotation flows stay out of the graph). */
    @EventHandler
    void on(DataFlowCreatedEvent event) {
        if (event.action() == null || event.action().type() != FlowAction.Type.COLLECT) return;
        node(event.tenantId(), DATA_FLOW, event.flowId().value(), event.name(), properties("action", "COLLECT",
                "targetPath", event.targetPath(), "createdAt", event.createdAt()));
    }

    /**
     * A triggered clip: collected by its flow, recorded by its device, and — when the device compressed it with a trained
     * dictionary — decoded with that dictionary asset (without it the clip cannot be read).
     */
    @EventHandler
    void on(DataFlowTriggeredEvent event) {
        for (TriggeredClip clip : event.clips()) {
            String asset = clip.assetId().value();
            edge(event.tenantId(), DATA_FLOW, event.flowId().value(), ASSET, asset, "collected",
                    properties("triggerId", event.triggerId(), "kind", event.kind(), "triggerTime", event.triggerTime(),
                            "ruleVersion", event.ruleVersion()));
            edge(event.tenantId(), DEVICE, event.deviceId(), ASSET, asset, "recorded",
                    properties("triggerId", event.triggerId(), "triggerTime", event.triggerTime()));
            if (clip.dictionary() != null) {
                AssetId dictionary = new AssetId(clip.dictionary().assetId());
                edge(event.tenantId(), assetType(event.tenantId(), dictionary), dictionary.value(), ASSET, asset, "dictionary-of",
                        properties("sha256", clip.dictionary().sha256()));
            }
        }
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from lineage_edge").update();
        jdbc.sql("delete from lineage_node").update();
    }

    @EventHandler
    void on(io.fleetloop.api.orchestration.workflow.WorkflowRunStartedEvent event) {
        String run = event.runId().value();
        node(event.tenantId(), LineageNodeType.WORKFLOW_RUN, run, event.workflowId().value() + " r" + event.revision(),
                properties("workflowId", event.workflowId().value(), "revision", event.revision(), "startedAt", event.startedAt()));
        for (String assetId : inputAssets(event.inputs())) {
            edge(event.tenantId(), assetType(event.tenantId(), new AssetId(assetId)), assetId, LineageNodeType.WORKFLOW_RUN, run, "input-of", Map.of());
        }
    }

    @EventHandler
    void on(io.fleetloop.api.orchestration.workflow.NodeExecutionSucceededEvent event) {
        String run = event.runId().value();
        String node = capped(run + "/" + event.nodeId());
        node(event.tenantId(), LineageNodeType.WORKFLOW_NODE, node, event.nodeId(), properties("attempt", event.attempt()));
        edge(event.tenantId(), LineageNodeType.WORKFLOW_RUN, run, LineageNodeType.WORKFLOW_NODE, node, "ran", Map.of());
        for (io.fleetloop.api.orchestration.workflow.ArtifactRef artifact : event.artifacts()) {
            String id = capped(run + "/" + event.nodeId() + "/" + event.attempt() + "/" + artifact.name());
            node(event.tenantId(), LineageNodeType.ARTIFACT, id, artifact.name(), properties("key", artifact.key(), "size", artifact.size(),
                    "sha256", artifact.sha256()));
            edge(event.tenantId(), LineageNodeType.WORKFLOW_NODE, node, LineageNodeType.ARTIFACT, id, "produced", Map.of());
        }
    }

    /** A run's input assets: inputs named {@code assetId} (one id) or {@code assetIds} (a list of ids). */
    private static java.util.List<String> inputAssets(Map<String, Object> inputs) {
        java.util.List<String> assets = new java.util.ArrayList<>();
        if (inputs.get("assetId") instanceof String one) assets.add(one);
        if (inputs.get("assetIds") instanceof java.util.Collection<?> many) many.forEach(id -> assets.add(String.valueOf(id)));
        return assets;
    }

    private static String capped(String id) {
        return id.length() <= 128 ? id : id.substring(0, 128);
    }

    /** An asset the catalog registered as a dataset (e.g. annotated again) keeps its one node. */
    private LineageNodeType assetType(String tenantId, AssetId asset) {
        return jdbc.sql("select node_type from lineage_node where tenant_id = ? and node_id = ? and node_type = ?")
                .params(tenantId, asset.value(), DATASET.name()).query(String.class).optional()
                .map(LineageNodeType::valueOf).orElse(ASSET);
    }

    /** Creates the node or merges into it: a null label keeps the one it has, properties overwrite key by key. */
    private void node(String tenantId, LineageNodeType type, String id, String label, Map<String, Object> properties) {
        jdbc.sql("""
                insert into lineage_node (tenant_id, node_type, node_id, label, properties) values (?, ?, ?, ?, cast(? as jsonb))
                on conflict (tenant_id, node_type, node_id) do update
                set label = coalesce(excluded.label, lineage_node.label), properties = lineage_node.properties || excluded.properties""")
                .params(tenantId, type.name(), id, label, write(properties)).update();
    }

    private void edge(String tenantId, LineageNodeType fromType, String from, LineageNodeType toType, String to, String relation,
                      Map<String, Object> properties) {
        ensureNode(tenantId, fromType, from);
        ensureNode(tenantId, toType, to);
        jdbc.sql("""
                insert into lineage_edge (tenant_id, from_type, from_id, to_type, to_id, relation, properties)
                values (?, ?, ?, ?, ?, ?, cast(? as jsonb))
                on conflict (tenant_id, from_type, from_id, to_type, to_id, relation) do update
                set properties = lineage_edge.properties || excluded.properties""")
                .params(tenantId, fromType.name(), from, toType.name(), to, relation, write(properties)).update();
    }

    private void ensureNode(String tenantId, LineageNodeType type, String id) {
        jdbc.sql("insert into lineage_node (tenant_id, node_type, node_id) values (?, ?, ?) on conflict do nothing")
                .params(tenantId, type.name(), id).update();
    }

    /** INGESTION_STARTED → ingestionStarted. */
    private static String camel(String constant) {
        StringBuilder name = new StringBuilder();
        for (String word : constant.toLowerCase(java.util.Locale.ROOT).split("_")) {
            name.append(name.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return name.toString();
    }

    /** Pairs of name and value; null values are left out, enums and instants become strings. */
    private static Map<String, Object> properties(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            if (value == null) continue;
            map.put((String) pairs[i], value instanceof Number || value instanceof Boolean ? value : value.toString());
        }
        return map;
    }

    private String write(Map<String, Object> properties) {
        try {
            return json.writeValueAsString(properties);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
