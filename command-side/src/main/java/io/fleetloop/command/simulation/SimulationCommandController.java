package io.fleetloop.command.simulation;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.metering.AdmitDispatchCommand;
import io.fleetloop.api.metering.DispatchDecision;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.simulation.CancelSimulationTaskCommand;
import io.fleetloop.api.simulation.CreateSimulationScenarioCommand;
import io.fleetloop.api.simulation.CreateSimulationTaskCommand;
import io.fleetloop.api.simulation.ParamRange;
import io.fleetloop.api.simulation.ResolveSimulationScenarioCommand;
import io.fleetloop.api.simulation.ReviseSimulationScenarioCommand;
import io.fleetloop.api.simulation.ScenarioType;
import io.fleetloop.api.simulation.ScenarioVersion;
import io.fleetloop.api.simulation.SimulationScenarioId;
import io.fleetloop.api.simulation.SimulationTaskId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Simulation commands (seed 000 §5): scenarios (create, new version, import of an OpenSCENARIO file's parameter
 * declarations) and tasks. {@code POST /v1/simulation-tasks} is the one entry for users, workflows and orchestration:
 * it resolves the scenario version, asks the tenant's account to admit the batch (quota of {@code simulation-items},
 * balance), then creates the task, whose job a worker runs.
 */
@RestController
class SimulationCommandController {

    record ScenarioRequest(@Size(max = 128) String name, @Size(max = 64) String scenarioType, Map<String, ParamRange> scenarioParams) {
    }

    record ScenarioResponse(String scenarioId, int version) {
    }

    record TaskRequest(@NotBlank @Size(max = 64) String scenarioId, Integer scenarioVersion, Integer batchSize, Long seed) {
    }

    record TaskResponse(String taskId, String status, String scenarioId, int scenarioVersion, int batchSize, long seed) {
    }

    private final CommandGateway commands;
    private final Clock clock;

    SimulationCommandController(CommandGateway commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping("/v1/simulation-scenarios")
    ResponseEntity<ScenarioResponse> create(Caller caller, @Valid @RequestBody ScenarioRequest request) {
        ScenarioType type = type(request.scenarioType());
        SimulationScenarioId id = new SimulationScenarioId(UUID.randomUUID().toString());
        commands.sendAndWait(new CreateSimulationScenarioCommand(id, caller.tenantId(), request.name(), type, request.scenarioParams()));
        return ResponseEntity.created(URI.create("/v1/simulation-scenarios/" + id)).body(new ScenarioResponse(id.value(), 1));
    }

    /** A new version of the scenario; its type cannot change. */
    @PutMapping("/v1/simulation-scenarios/{scenarioId}")
    ScenarioResponse revise(Caller caller, @PathVariable String scenarioId, @Valid @RequestBody ScenarioRequest request) {
        if (request.scenarioType() != null) {
            throw FleetloopException.invalid("scenarioType", "a scenario keeps its type; create another scenario instead");
        }
        int version = commands.sendAndWait(new ReviseSimulationScenarioCommand(new SimulationScenarioId(scenarioId), caller.tenantId(),
                request.name(), request.scenarioParams()));
        return new ScenarioResponse(scenarioId, version);
    }

    /**
     * Creates a scenario from an OpenSCENARIO ({@code .xosc}) file's {@code ParameterDeclarations}; see
     * {@link OpenScenarioImport} for the mapping.
     */
    @PostMapping(path = "/v1/simulation-scenarios/import", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE,
            MediaType.APPLICATION_OCTET_STREAM_VALUE, "application/x-xosc"})
    ResponseEntity<ScenarioResponse> importXosc(Caller caller, @RequestParam(name = "scenarioType") String scenarioType,
                                                @RequestParam(name = "name", required = false) String name, @RequestBody byte[] xosc) {
        ScenarioType type = type(scenarioType);
        OpenScenarioImport.Parsed parsed = OpenScenarioImport.parse(xosc);
        SimulationScenarioId id = new SimulationScenarioId(UUID.randomUUID().toString());
        commands.sendAndWait(new CreateSimulationScenarioCommand(id, caller.tenantId(), name != null ? name : parsed.name(), type,
                parsed.params()));
        return ResponseEntity.created(URI.create("/v1/simulation-scenarios/" + id)).body(new ScenarioResponse(id.value(), 1));
    }

    @PostMapping("/v1/simulation-tasks")
    ResponseEntity<TaskResponse> createTask(Caller caller, @Valid @RequestBody TaskRequest request) {
        if (request.batchSize() == null || request.batchSize() < 1 || request.batchSize() > SimulationTask.MAX_BATCH) {
            throw FleetloopException.invalid("batchSize", "between 1 and " + SimulationTask.MAX_BATCH);
        }
        if (request.scenarioVersion() != null && request.scenarioVersion() < 1) {
            throw FleetloopException.invalid("scenarioVersion", "1 or more");
        }
        ScenarioVersion scenario = commands.sendAndWait(new ResolveSimulationScenarioCommand(new SimulationScenarioId(request.scenarioId()),
                caller.tenantId(), request.scenarioVersion()));
        SimulationTaskId taskId = new SimulationTaskId(UUID.randomUUID().toString());
        DispatchDecision decision = commands.sendAndWait(new AdmitDispatchCommand(caller.tenantId(), LoopContext.SIM, taskId.value(),
                List.of("simulation-items", "simulation-cpu-seconds"), clock.instant(),
                Map.of("simulation-items", request.batchSize().doubleValue())));
        decision.requireAdmitted();
        long seed = request.seed() != null ? request.seed() : new SplittableRandom().nextLong();
        commands.sendAndWait(new CreateSimulationTaskCommand(taskId, caller.tenantId(), scenario, request.batchSize(), seed,
                "user:" + caller.operator()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/v1/simulation-tasks/" + taskId))
                .body(new TaskResponse(taskId.value(), "RUNNING", scenario.scenarioId().value(), scenario.version(), request.batchSize(), seed));
    }

    @PostMapping("/v1/simulation-tasks/{taskId}/cancel")
    ResponseEntity<Void> cancel(Caller caller, @PathVariable String taskId) {
        commands.sendAndWait(new CancelSimulationTaskCommand(new SimulationTaskId(taskId), caller.tenantId()));
        return ResponseEntity.accepted().build();
    }

    private static ScenarioType type(String value) {
        if (value == null || value.isBlank()) throw FleetloopException.invalid("scenarioType", "required");
        try {
            return ScenarioType.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw FleetloopException.invalid("scenarioType", "'" + value + "' is not one of " + List.of(ScenarioType.values()));
        }
    }
}
