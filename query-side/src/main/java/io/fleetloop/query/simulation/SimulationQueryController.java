package io.fleetloop.query.simulation;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.simulation.ScenarioType;
import io.fleetloop.api.simulation.SimulationQueries;
import io.fleetloop.api.simulation.SimulationScenarioView;
import io.fleetloop.api.simulation.SimulationTaskView;
import io.fleetloop.query.common.Queries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Simulation scenarios and tasks with progress (seed 000 §5). */
@RestController
class SimulationQueryController {

    private final Queries queries;

    SimulationQueryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/simulation-scenarios")
    SimulationQueries.Scenarios scenarios(Caller caller, @RequestParam(required = false) ScenarioType scenarioType) {
        return queries.get(new SimulationQueries.ListScenarios(caller.tenantId(), scenarioType), SimulationQueries.Scenarios.class);
    }

    @GetMapping("/v1/simulation-scenarios/{scenarioId}")
    SimulationScenarioView scenario(Caller caller, @PathVariable String scenarioId) {
        return queries.require(new SimulationQueries.FindScenario(caller.tenantId(), scenarioId), SimulationScenarioView.class,
                "simulation scenario", scenarioId);
    }

    @GetMapping("/v1/simulation-tasks")
    SimulationQueries.Tasks tasks(Caller caller, @RequestParam(required = false) String scenarioId) {
        return queries.get(new SimulationQueries.ListTasks(caller.tenantId(), scenarioId), SimulationQueries.Tasks.class);
    }

    @GetMapping("/v1/simulation-tasks/{taskId}")
    SimulationTaskView task(Caller caller, @PathVariable String taskId) {
        return queries.require(new SimulationQueries.FindTask(caller.tenantId(), taskId), SimulationTaskView.class, "simulation task", taskId);
    }
}
