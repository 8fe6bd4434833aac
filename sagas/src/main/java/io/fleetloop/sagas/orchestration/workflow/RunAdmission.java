package io.fleetloop.sagas.orchestration.workflow;

import io.fleetloop.api.metering.AdmitDispatchCommand;
import io.fleetloop.api.metering.DispatchDecision;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.orchestration.workflow.WorkflowRunId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Asks the tenant's account whether a triggered run may start, as {@code POST /v1/workflows/{id}/runs} does: context
 * CAT, subject = the run id, resource {@code workflow-node-seconds} (which counts every per-kind node resource). A
 * refusal is recorded by the account as a {@code DispatchRefusedEvent}; the trigger decides what else to do with it.
 */
@Component
class RunAdmission {

    static final String RESOURCE = "workflow-node-seconds";

    private final CommandGateway commands;

    RunAdmission(CommandGateway commands) {
        this.commands = commands;
    }

    DispatchDecision admit(String tenantId, WorkflowRunId runId, Instant at, String operator) {
        return commands.sendAndWait(new AdmitDispatchCommand(tenantId, LoopContext.CAT, runId.value(), List.of(RESOURCE), at),
                MetaData.from(Map.of("operator", operator, "tenantId", tenantId)));
    }
}
