package io.fleetloop.command.simulation;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.simulation.CreateSimulationScenarioCommand;
import io.fleetloop.api.simulation.ParamRange;
import io.fleetloop.api.simulation.ResolveSimulationScenarioCommand;
import io.fleetloop.api.simulation.ReviseSimulationScenarioCommand;
import io.fleetloop.api.simulation.ScenarioType;
import io.fleetloop.api.simulation.ScenarioVersion;
import io.fleetloop.api.simulation.SimulationScenarioCreatedEvent;
import io.fleetloop.api.simulation.SimulationScenarioId;
import io.fleetloop.api.simulation.SimulationScenarioRevisedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** Seed 000 §5 step 1: a scenario definition, validated per type, versioned (every version stays runnable). */
@Aggregate
class SimulationScenario {

    static final String RESOURCE = "simulation scenario";
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.:/-]{0,127}");

    @AggregateIdentifier
    private SimulationScenarioId scenarioId;
    private String tenantId;
    private ScenarioType scenarioType;
    private final List<ScenarioVersion> versions = new ArrayList<>();

    SimulationScenario() {
    }

    @CommandHandler
    SimulationScenario(CreateSimulationScenarioCommand command, Clock clock) {
        String name = validName(command.name());
        Map<String, ParamRange> params = ScenarioValidation.normalize(command.scenarioType(), command.scenarioParams());
        apply(new SimulationScenarioCreatedEvent(command.scenarioId(), command.tenantId(), name, command.scenarioType(), 1, params,
                clock.instant()));
    }

    @CommandHandler
    int handle(ReviseSimulationScenarioCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, scenarioId);
        ScenarioVersion latest = versions.get(versions.size() - 1);
        String name = command.name() == null ? latest.name() : validName(command.name());
        Map<String, ParamRange> params = ScenarioValidation.normalize(scenarioType, command.scenarioParams());
        int version = latest.version() + 1;
        apply(new SimulationScenarioRevisedEvent(scenarioId, tenantId, name, scenarioType, version, params, clock.instant()));
        return version;
    }

    @CommandHandler
    ScenarioVersion handle(ResolveSimulationScenarioCommand command) {
        requireSameTenant(tenantId, command, RESOURCE, scenarioId);
        if (command.version() == null) return versions.get(versions.size() - 1);
        return versions.stream().filter(v -> v.version() == command.version()).findFirst()
                .orElseThrow(() -> FleetloopException.notFound(RESOURCE + " version", scenarioId + "@" + command.version()));
    }

    private static String validName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw FleetloopException.invalid("name", "1-128 letters, digits, spaces or _ . : / -, starting with a letter or digit");
        }
        return name;
    }

    @EventSourcingHandler
    void on(SimulationScenarioCreatedEvent event) {
        scenarioId = event.scenarioId();
        tenantId = event.tenantId();
        scenarioType = event.scenarioType();
        versions.add(new ScenarioVersion(event.scenarioId(), event.version(), event.name(), event.scenarioType(), event.scenarioParams()));
    }

    @EventSourcingHandler
    void on(SimulationScenarioRevisedEvent event) {
        versions.add(new ScenarioVersion(event.scenarioId(), event.version(), event.name(), event.scenarioType(), event.scenarioParams()));
    }
}
