package io.fleetloop.sagas.orchestration.workflow;

import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.metering.DispatchDecision;
import io.fleetloop.api.orchestration.workflow.RecordWorkflowRunRefusedCommand;
import io.fleetloop.api.orchestration.workflow.RunTrigger;
import io.fleetloop.api.orchestration.workflow.StartWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.WorkflowId;
import io.fleetloop.api.orchestration.workflow.WorkflowRunId;
import io.fleetloop.api.orchestration.workflow.WorkflowTrigger;
import io.fleetloop.refusals.CommandRefusals;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One execution of a workflow's schedule task: the slots due since the last one handled, filtered by the missed-runs
 * policy ({@code fleetloop.workflows.schedule-grace}, default 30 s, is how late a slot may start and still be on time),
 * each admitted by the tenant's account like a manual or event run ({@link RunAdmission}) and sent as a
 * {@link StartWorkflowRunCommand} with a run id derived from workflow and slot. The Workflow aggregate refuses when
 * disabled, so a schedule never outruns a disable. A slot refused at dispatch is skipped: the account records a
 * {@code DispatchRefusedEvent} and the workflow a {@code WorkflowRunRefusedEvent} (a REFUSED run in the run list).
 */
@Component
class ScheduleFiring {

    private static final Logger log = LoggerFactory.getLogger(ScheduleFiring.class);

    private final WorkflowTriggerTable table;
    private final WorkflowSchedules schedules;
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration grace;
    private final RunAdmission admission;

    ScheduleFiring(WorkflowTriggerTable table, WorkflowSchedules schedules, CommandGateway commands, Clock clock,
                   @Value("${fleetloop.workflows.schedule-grace:30s}") Duration grace, RunAdmission admission) {
        this.admission = admission;
        this.table = table;
        this.schedules = schedules;
        this.commands = commands;
        this.clock = clock;
        this.grace = grace;
    }

    /** Starts the due runs; the next slot to wake up for, or empty when the schedule is gone (disabled, revised away). */
    Optional<Instant> fire(String workflowId) {
        var found = table.find(workflowId);
        if (found.isEmpty() || !found.get().enabled() || found.get().schedule().isEmpty()) return Optional.empty();
        WorkflowTriggerTable.Row row = found.get();
        WorkflowTrigger schedule = row.schedule().get();
        Instant now = clock.instant();
        Instant after = row.lastFiredFor() == null ? now : row.lastFiredFor();
        List<Instant> due = ScheduleSlots.due(schedule, row.zone(), after, now);
        List<Instant> runs = ScheduleSlots.toRun(schedule.missedRuns(), schedule.catchUpCap() == null ? 10 : schedule.catchUpCap(), due, now, grace);
        for (Instant slot : runs) {
            WorkflowRunId runId = new WorkflowRunId(UUID.nameUUIDFromBytes(("schedule:" + workflowId + ":" + slot).getBytes(StandardCharsets.UTF_8)).toString());
            try {
                RunTrigger trigger = new RunTrigger(RunTrigger.Kind.SCHEDULE, "schedule", slot, null, null);
                DispatchDecision decision = admission.admit(row.tenantId(), runId, now, "schedule:" + workflowId);
                if (!decision.admitted()) {
                    // no caller to answer: the account recorded the refusal, the workflow records the slot as a REFUSED run
                    log.info("Schedule of {} starts no run for {}: refused at dispatch ({} {})", workflowId, slot, decision.reason(),
                            decision.resource());
                    commands.sendAndWait(new RecordWorkflowRunRefusedCommand(new WorkflowId(workflowId), row.tenantId(), runId, trigger,
                                    decision.reason() == null ? null : decision.reason().name(), decision.resource(), decision.limit(), decision.used()),
                            MetaData.from(Map.of("operator", "schedule:" + workflowId, "tenantId", row.tenantId())));
                    continue;
                }
                commands.sendAndWait(new StartWorkflowRunCommand(new WorkflowId(workflowId), row.tenantId(), runId, null, Map.of(),
                                trigger),
                        MetaData.from(Map.of("operator", "schedule:" + workflowId, "tenantId", row.tenantId())));
            } catch (RuntimeException e) {
                var code = CommandRefusals.code(e);
                if (code.isPresent() && (code.get() == ErrorCode.STATE_CONFLICT || code.get() == ErrorCode.NOT_FOUND)) {
                    log.debug("Schedule of {} starts no run for {}: {}", workflowId, slot, e.getMessage());
                    return Optional.empty();
                }
                throw e;
            }
        }
        if (!due.isEmpty()) table.markFired(workflowId, due.get(due.size() - 1));
        return table.find(workflowId).filter(WorkflowTriggerTable.Row::enabled).flatMap(WorkflowTriggerTable.Row::schedule)
                .map(current -> schedules.nextSlot(current, table.find(workflowId).orElseThrow()));
    }
}
