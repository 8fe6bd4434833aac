package io.fleetloop.command.simulation;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.simulation.CancelSimulationTaskCommand;
import io.fleetloop.api.simulation.CompleteSimulationTaskCommand;
import io.fleetloop.api.simulation.CreateSimulationTaskCommand;
import io.fleetloop.api.simulation.FailSimulationTaskCommand;
import io.fleetloop.api.simulation.RecordSimulationItemCommand;
import io.fleetloop.api.simulation.ScenarioVersion;
import io.fleetloop.api.simulation.SimulationDataGeneratedEvent;
import io.fleetloop.api.simulation.SimulationItemGeneratedEvent;
import io.fleetloop.api.simulation.SimulationOutput;
import io.fleetloop.api.simulation.SimulationTaskCancelRequestedEvent;
import io.fleetloop.api.simulation.SimulationTaskCreatedEvent;
import io.fleetloop.api.simulation.SimulationTaskFailedEvent;
import io.fleetloop.api.simulation.SimulationTaskId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Seed 000 §5 steps 2–8: a batch of generated items of one scenario version. Items are recorded once each (by
 * index) as the job writes them; when the job stops, the task announces its outputs ({@code SimulationDataGenerated}).
 */
@Aggregate(cache = "simulationTaskCache")
class SimulationTask {

    static final String RESOURCE = "simulation task";
    static final int MAX_BATCH = 10_000;

    @AggregateIdentifier
    private SimulationTaskId taskId;
    private String tenantId;
    private ScenarioVersion scenario;
    private String status;
    private boolean cancelRequested;
    private final TreeMap<Integer, List<SimulationOutput>> items = new TreeMap<>();

    SimulationTask() {
    }

    @CommandHandler
    SimulationTask(CreateSimulationTaskCommand command, Clock clock) {
        if (command.batchSize() < 1 || command.batchSize() > MAX_BATCH) {
            throw FleetloopException.invalid("batchSize", "between 1 and " + MAX_BATCH);
        }
        if (command.scenario() == null) throw FleetloopException.invalid("scenarioId", "required");
        apply(new SimulationTaskCreatedEvent(command.taskId(), command.tenantId(), command.scenario(), command.batchSize(), command.seed(),
                command.origin() == null ? "user" : command.origin(), clock.instant()));
    }

    /** Answers whether the job should go on. */
    @CommandHandler
    boolean handle(RecordSimulationItemCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (!"RUNNING".equals(status)) return false;
        if (!items.containsKey(command.index())) {
            apply(new SimulationItemGeneratedEvent(taskId, tenantId, scenario.scenarioId(), command.index(), command.outputs(),
                    command.cpuSeconds(), clock.instant()));
        }
        return !cancelRequested;
    }

    @CommandHandler
    void handle(CancelSimulationTaskCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (!"RUNNING".equals(status)) throw FleetloopException.conflict("simulation task " + taskId + " is " + status);
        if (!cancelRequested) apply(new SimulationTaskCancelRequestedEvent(taskId, tenantId, clock.instant()));
    }

    @CommandHandler
    void handle(CompleteSimulationTaskCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (!"RUNNING".equals(status)) return;
        Map<AssetId, SimulationOutput> outputs = new LinkedHashMap<>();
        items.values().forEach(list -> list.forEach(o -> outputs.putIfAbsent(o.assetId(), o)));
        apply(new SimulationDataGeneratedEvent(taskId, tenantId, scenario.scenarioId(), scenario.version(),
                cancelRequested ? "CANCELLED" : "COMPLETED", items.size(), new ArrayList<>(outputs.keySet()),
                new ArrayList<>(outputs.values()), clock.instant()));
    }

    @CommandHandler
    void handle(FailSimulationTaskCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (!"RUNNING".equals(status)) return;
        apply(new SimulationTaskFailedEvent(taskId, tenantId, command.reason(), clock.instant()));
    }

    @EventSourcingHandler
    void on(SimulationTaskCreatedEvent event) {
        taskId = event.taskId();
        tenantId = event.tenantId();
        scenario = event.scenario();
        status = "RUNNING";
    }

    @EventSourcingHandler
    void on(SimulationItemGeneratedEvent event) {
        items.put(event.index(), event.outputs());
    }

    @EventSourcingHandler
    void on(SimulationTaskCancelRequestedEvent event) {
        cancelRequested = true;
    }

    @EventSourcingHandler
    void on(SimulationDataGeneratedEvent event) {
        status = event.status();
    }

    @EventSourcingHandler
    void on(SimulationTaskFailedEvent event) {
        status = "FAILED";
    }
}
