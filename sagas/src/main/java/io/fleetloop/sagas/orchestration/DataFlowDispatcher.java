package io.fleetloop.sagas.orchestration;

import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.CreateAnnotationTaskCommand;
import io.fleetloop.api.annotation.RunPreLabelingCommand;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.IngestedAsset;
import io.fleetloop.api.orchestration.CreateOrchestrationTaskCommand;
import io.fleetloop.api.orchestration.FlowAction;
import io.fleetloop.api.orchestration.FlowRule;
import io.fleetloop.api.orchestration.OrchestrationTaskId;
import io.fleetloop.api.orchestration.OrchestrationTaskType;
import io.fleetloop.refusals.CommandRefusals;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Seed 000 §2 steps 11–12: a completed ingestion is matched against the tenant's data-flow rules; each match
 * creates an annotation task over the matching new assets (optionally pre-labelled at once) and an
 * OrchestrationTask of type ANNOTATION recording it. Ids derive from flow + ingestion task, so a replay or a
 * retry dispatches nothing twice.
 */
@Component
@ProcessingGroup(DataFlowDispatcher.PROCESSING_GROUP)
class DataFlowDispatcher {

    static final String PROCESSING_GROUP = "data-flow-dispatch";
    private static final Logger log = LoggerFactory.getLogger(DataFlowDispatcher.class);

    private final DataFlowRules rules;
    private final CommandGateway commands;

    DataFlowDispatcher(DataFlowRules rules, CommandGateway commands) {
        this.rules = rules;
        this.commands = commands;
    }

    @EventHandler
    void on(DataIngestionCompletedEvent event) {
        for (DataFlowRules.Rule rule : rules.of(event.tenantId())) {
            if (rule.action().type() != FlowAction.Type.ANNOTATE) continue; // COLLECT flows run on devices, not on ingestions
            List<AssetId> assets = matching(rule.flowRule(), event);
            if (assets.isEmpty()) continue;
            String key = rule.flowId().value() + ":" + event.taskId().value() + (event.batch() == null ? "" : ":" + event.batch().key());
            AnnotationTaskId annotationTask = new AnnotationTaskId(derivedId("annotation:" + key));
            MetaData metaData = MetaData.from(Map.of("operator", "data-flow:" + rule.flowId().value(), "tenantId", event.tenantId()));
            var action = rule.action();
            try {
                commands.sendAndWait(new CreateAnnotationTaskCommand(annotationTask, event.tenantId(), "flow " + rule.flowId().value().substring(0, 8)
                        + " / ingestion " + event.taskId().value().substring(0, 8), assets, action.annotationType(), action.preLabelConfig(),
                        action.qcPolicy(), "data-flow:" + rule.flowId().value()), metaData);
            } catch (RuntimeException e) {
                if (CommandRefusals.isDuplicateAggregate(e)) {
                    log.debug("Annotation task {} exists already (replay or retry)", annotationTask);
                } else if (CommandRefusals.code(e).filter(code -> code == ErrorCode.VALIDATION_FAILED).isPresent()) {
                    log.warn("Data flow {} cannot create a task for ingestion {}: {}", rule.flowId(), event.taskId(), e.getMessage());
                    continue;
                } else {
                    // e.g. the assets are not catalogued yet (catalog registration runs on its own): retried with back-off
                    throw e;
                }
            }
            commands.sendAndWait(new CreateOrchestrationTaskCommand(new OrchestrationTaskId(derivedId("orchestration:" + key)), event.tenantId(),
                    OrchestrationTaskType.ANNOTATION, rule.flowId(), event.taskId().value(), annotationTask.value(), assets), metaData);
            if (action.runPreLabeling()) {
                try {
                    commands.sendAndWait(new RunPreLabelingCommand(annotationTask, event.tenantId()), metaData);
                } catch (RuntimeException alreadyRunning) {
                    log.debug("Pre-labeling of {} not started again: {}", annotationTask, alreadyRunning.getMessage());
                }
            }
        }
    }

    /** A name-based UUID: the same flow and ingestion always give the same ids. */
    private static String derivedId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static List<AssetId> matching(FlowRule rule, DataIngestionCompletedEvent event) {
        if (rule.sourceId() != null && !rule.sourceId().isBlank() && !rule.sourceId().equals(event.sourceId().value())) return List.of();
        if (rule.modality() != null && rule.modality() != event.modality()) return List.of();
        PathMatcher matcher = rule.pathPattern() == null || rule.pathPattern().isBlank() ? null
                : FileSystems.getDefault().getPathMatcher("glob:" + rule.pathPattern());
        String tenantPrefix = "tenants/" + event.tenantId() + "/";
        return event.assets().stream().filter(asset -> matcher == null || matcher.matches(Path.of(relative(asset, tenantPrefix))))
                .map(IngestedAsset::assetId).distinct().toList();
    }

    private static String relative(IngestedAsset asset, String tenantPrefix) {
        String path = asset.storagePath();
        int at = path.indexOf(tenantPrefix);
        return at < 0 ? path : path.substring(at + tenantPrefix.length());
    }
}
