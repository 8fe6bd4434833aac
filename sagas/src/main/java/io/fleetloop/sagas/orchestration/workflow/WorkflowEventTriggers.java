package io.fleetloop.sagas.orchestration.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.annotation.DatasetExportedEvent;
import io.fleetloop.api.behavior.FeedbackDecisionMadeEvent;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.orchestration.workflow.RunTrigger;
import io.fleetloop.api.orchestration.workflow.StartWorkflowRunCommand;
import io.fleetloop.api.metering.DispatchDecision;
import io.fleetloop.api.orchestration.workflow.WorkflowId;
import io.fleetloop.api.orchestration.workflow.WorkflowRunId;
import io.fleetloop.api.orchestration.workflow.WorkflowTrigger;
import io.fleetloop.refusals.CommandRefusals;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Event triggers (seed 003 §5.4): {@code asset_new} = an asset registered in the catalog (MetadataRegisteredEvent);
 * {@code asset_done} = an asset's annotation is done and exported as a dataset (DatasetExportedEvent; {@code assetId} is
 * the dataset asset); {@code ingestion.completed} (DataIngestionCompletedEvent); {@code behavior.feedback-decision}
 * (FeedbackDecisionMadeEvent). The event's fields, flattened to dotted names ({@code attributes.vin}), are matched against
 * each enabled workflow's filter and become the run's inputs. The run id derives from workflow and event id, so a replay or
 * a redelivery starts nothing twice; an event older than the workflow's enabling starts nothing.
 */
@Component
@ProcessingGroup(WorkflowEventTriggers.PROCESSING_GROUP)
class WorkflowEventTriggers {

    static final String PROCESSING_GROUP = "workflow-event-triggers";
    private static final Logger log = LoggerFactory.getLogger(WorkflowEventTriggers.class);

    private final WorkflowTriggerTable table;
    private final CommandGateway commands;
    private final ObjectMapper json;
    private final RunAdmission admission;

    WorkflowEventTriggers(WorkflowTriggerTable table, CommandGateway commands, ObjectMapper json, RunAdmission admission) {
        this.table = table;
        this.commands = commands;
        this.json = json;
        this.admission = admission;
    }

    @EventHandler
    void on(MetadataRegisteredEvent event, EventMessage<?> message) {
        dispatch("asset_new", event.tenantId(), fields(event), message);
    }

    @EventHandler
    void on(DatasetExportedEvent event, EventMessage<?> message) {
        Map<String, String> fields = fields(event);
        fields.remove("results");
        fields.put("assetId", event.datasetAssetId().value());
        dispatch("asset_done", event.tenantId(), fields, message);
    }

    @EventHandler
    void on(DataIngestionCompletedEvent event, EventMessage<?> message) {
        Map<String, String> fields = fields(event);
        fields.remove("assets");
        dispatch("ingestion.completed", event.tenantId(), fields, message);
    }

    @EventHandler
    void on(FeedbackDecisionMadeEvent event, EventMessage<?> message) {
        dispatch("behavior.feedback-decision", event.tenantId(), fields(event), message);
    }

    private void dispatch(String type, String tenantId, Map<String, String> fields, EventMessage<?> message) {
        Instant at = message.getTimestamp();
        for (WorkflowTriggerTable.Row row : table.enabled(tenantId)) {
            if (row.enabledSince() != null && at.isBefore(row.enabledSince())) continue;
            boolean fires = row.triggers().stream().anyMatch(t -> t.kind() == WorkflowTrigger.Kind.EVENT && type.equals(t.event()) && matches(t.filter(), fields));
            if (!fires) continue;
            WorkflowRunId runId = new WorkflowRunId(UUID.nameUUIDFromBytes(("event:" + row.workflowId() + ":" + message.getIdentifier())
                    .getBytes(StandardCharsets.UTF_8)).toString());
            try {
                DispatchDecision decision = admission.admit(tenantId, runId, at, "event-trigger:" + row.workflowId());
                if (!decision.admitted()) {
                    // the account recorded the refusal (DispatchRefusedEvent); the event starts no run
                    log.info("Workflow {} starts no run for {} {}: refused at dispatch ({} {})", row.workflowId(), type,
                            message.getIdentifier(), decision.reason(), decision.resource());
                    continue;
                }
                commands.sendAndWait(new StartWorkflowRunCommand(new WorkflowId(row.workflowId()), tenantId, runId, null, Map.copyOf(fields),
                                new RunTrigger(RunTrigger.Kind.EVENT, null, null, type, message.getIdentifier())),
                        MetaData.from(Map.of("operator", "event-trigger:" + row.workflowId(), "tenantId", tenantId)));
            } catch (RuntimeException e) {
                var code = CommandRefusals.code(e);
                if (code.isPresent() && code.get() != ErrorCode.QUOTA_EXCEEDED && code.get().kind() != ErrorCode.Kind.UNAUTHENTICATED) {
                    log.debug("Workflow {} starts no run for {} {}: {}", row.workflowId(), type, message.getIdentifier(), e.getMessage());
                    continue;
                }
                throw e;
            }
        }
    }

    /** Equality per field, or a prefix when the wanted value ends with {@code *}; every entry must hold. */
    static boolean matches(Map<String, String> filter, Map<String, String> fields) {
        for (Map.Entry<String, String> wanted : filter.entrySet()) {
            String value = fields.get(wanted.getKey());
            String expected = wanted.getValue();
            if (value == null) return false;
            if (expected.endsWith("*") ? !value.startsWith(expected.substring(0, expected.length() - 1)) : !value.equals(expected)) return false;
        }
        return true;
    }

    private Map<String, String> fields(Object event) {
        Map<String, String> fields = new LinkedHashMap<>();
        flatten("", json.valueToTree(event), fields);
        return fields;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null || node.isNull()) return;
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out);
            }
        } else if (node.isArray()) {
            String text = node.toString();
            if (text.length() <= 4096) out.put(prefix, text);
        } else {
            out.put(prefix, node.asText());
        }
    }
}
