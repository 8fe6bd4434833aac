package io.fleetloop.command.orchestration.workflow;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.workflow.CreateWorkflowCommand;
import io.fleetloop.api.orchestration.workflow.DisableWorkflowCommand;
import io.fleetloop.api.orchestration.workflow.EnableWorkflowCommand;
import io.fleetloop.api.orchestration.workflow.ReviseWorkflowCommand;
import io.fleetloop.api.orchestration.workflow.RunTrigger;
import io.fleetloop.api.orchestration.workflow.RecordWorkflowRunRefusedCommand;
import io.fleetloop.api.orchestration.workflow.StartWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.WorkflowRunRefusedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowCreatedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowDisabledEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowEnabledEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowId;
import io.fleetloop.api.orchestration.workflow.WorkflowRevisedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRevision;
import io.fleetloop.api.orchestration.workflow.WorkflowRunRequestedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A versioned DAG workflow (seed 003 {@code Workflow}/{@code Revision}). Revisions are immutable; each pins its
 * operator versions. The workflow itself decides whether a run starts, so a disable acknowledged here holds for every
 * node of a cluster at once: manual, schedule and event triggers all go through {@link StartWorkflowRunCommand}.
 */
@Aggregate(cache = "workflowCache")
class Workflow {

    static final String RESOURCE = "workflow";

    @AggregateIdentifier
    private WorkflowId workflowId;
    private String tenantId;
    private WorkflowState state;
    private int current;
    private final Map<Integer, WorkflowRevision> revisions = new HashMap<>();
    private final Set<String> runIds = new HashSet<>();

    Workflow() {
    }

    @CommandHandler
    Workflow(CreateWorkflowCommand command, WorkflowRevisionCheck check, Clock clock) {
        WorkflowRevision revision = check.check(1, command.tenantId(), command.name(), command.timeZone(), command.nodes(),
                command.runInputs(), command.triggers(), clock.instant());
        apply(new WorkflowCreatedEvent(command.workflowId(), command.tenantId(), command.enabled() ? WorkflowState.ENABLED : WorkflowState.DISABLED,
                revision, clock.instant()));
    }

    @CommandHandler
    int handle(ReviseWorkflowCommand command, WorkflowRevisionCheck check, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, workflowId);
        WorkflowRevision revision = check.check(current + 1, tenantId, command.name(), command.timeZone(), command.nodes(),
                command.runInputs(), command.triggers(), clock.instant());
        apply(new WorkflowRevisedEvent(workflowId, tenantId, state, revision));
        return revision.number();
    }

    @CommandHandler
    void handle(EnableWorkflowCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, workflowId);
        if (state == WorkflowState.ENABLED) return;
        apply(new WorkflowEnabledEvent(workflowId, tenantId, revisions.get(current), clock.instant()));
    }

    @CommandHandler
    void handle(DisableWorkflowCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, workflowId);
        if (state == WorkflowState.DISABLED) return;
        apply(new WorkflowDisabledEvent(workflowId, tenantId, clock.instant()));
    }

    @CommandHandler
    void handle(StartWorkflowRunCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, workflowId);
        if (command.runId() == null) throw FleetloopException.invalid("runId", "required");
        if (runIds.contains(command.runId().value())) return; // a repeated start (retry, replay, a second node on the same slot)
        if (state != WorkflowState.ENABLED) throw FleetloopException.conflict("workflow " + workflowId + " is disabled: no run starts");
        int number = command.revision() == null ? current : command.revision();
        WorkflowRevision revision = revisions.get(number);
        if (revision == null) throw FleetloopException.invalid("revision", "workflow " + workflowId + " has revisions 1-" + current);
        RunTrigger trigger = command.trigger() == null ? RunTrigger.manual(null) : command.trigger();
        Map<String, Object> inputs = trigger.kind() == RunTrigger.Kind.MANUAL
                ? ParameterTypes.check("inputs", revision.runInputs(), command.inputs())
                : command.inputs();
        apply(new WorkflowRunRequestedEvent(workflowId, tenantId, command.runId(), number, revision.dag(), inputs, trigger, clock.instant()));
    }

    /** A refused start (schedule slot) is recorded once per run id; a run id already started or refused is a no-op. */
    @CommandHandler
    void handle(RecordWorkflowRunRefusedCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, workflowId);
        if (command.runId() == null) throw FleetloopException.invalid("runId", "required");
        if (runIds.contains(command.runId().value())) return;
        apply(new WorkflowRunRefusedEvent(workflowId, tenantId, command.runId(), current, command.trigger(), command.reason(),
                command.resource(), command.limit(), command.used(), clock.instant()));
    }

    @EventSourcingHandler
    void on(WorkflowCreatedEvent event) {
        workflowId = event.workflowId();
        tenantId = event.tenantId();
        state = event.state();
        current = event.revision().number();
        revisions.put(current, event.revision());
    }

    @EventSourcingHandler
    void on(WorkflowRevisedEvent event) {
        current = event.revision().number();
        revisions.put(current, event.revision());
    }

    @EventSourcingHandler
    void on(WorkflowEnabledEvent event) {
        state = WorkflowState.ENABLED;
    }

    @EventSourcingHandler
    void on(WorkflowDisabledEvent event) {
        state = WorkflowState.DISABLED;
    }

    @EventSourcingHandler
    void on(WorkflowRunRequestedEvent event) {
        runIds.add(event.runId().value());
    }

    @EventSourcingHandler
    void on(WorkflowRunRefusedEvent event) {
        runIds.add(event.runId().value());
    }
}
