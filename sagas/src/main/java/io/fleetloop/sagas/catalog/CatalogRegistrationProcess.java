package io.fleetloop.sagas.catalog;

import io.fleetloop.sagas.common.OwnUnitOfWork;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.IngestedAsset;
import io.fleetloop.api.simulation.SimulationDataGeneratedEvent;
import io.fleetloop.api.simulation.SimulationOutput;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageHandlerTimeout;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seed 000 §2 steps 8–9: a completed ingestion registers one catalog asset per distinct content, with the
 * attributes (user metadata) of the first source object that brought that content. A stateless
 * process (no saga state needed): registering is idempotent, so a replay or a retry registers nothing twice.
 * <p>
 * Registration is a creation keyed by the content address: content registered already (two ingestions of the same
 * bytes racing, a retry after a partial failure) is refused by the event store when the event is appended, which
 * this process reads as "registered already". Each registration therefore runs in a unit of work and transaction of
 * its own (on another thread): nested in this handler's unit of work its event would be appended only at this
 * processor's commit, where the refusal would fail the whole batch again and again. The command message is created
 * here, so it carries this event's correlation data (operator, tenant) all the same.
 */
@Component
@ProcessingGroup(CatalogRegistrationProcess.PROCESSING_GROUP)
class CatalogRegistrationProcess {

    static final String PROCESSING_GROUP = "catalog-registration";
    /** An event may carry thousands of assets; Axon's default (30 s) would retry it for ever on a loaded machine. */
    static final int HANDLER_TIMEOUT_MS = 30 * 60 * 1000;

    private final OwnUnitOfWork registrations;

    CatalogRegistrationProcess(OwnUnitOfWork registrations) {
        this.registrations = registrations;
    }

    @EventHandler
    @MessageHandlerTimeout(timeoutMs = HANDLER_TIMEOUT_MS, warningThresholdMs = 60_000, warningIntervalMs = 60_000)
    void on(DataIngestionCompletedEvent event) {
        List<CommandMessage<?>> commands = new ArrayList<>();
        for (IngestedAsset asset : event.assets()) {
            commands.add(GenericCommandMessage.asCommandMessage(new RegisterAssetCommand(asset.assetId(), event.tenantId(),
                    event.sourceId(), event.taskId(), asset.storagePath(), asset.sizeBytes(), asset.sha256(), event.modality(),
                    asset.ingestedAt(), asset.attributes())));
        }
        registrations.createAll(commands);
    }

    /**
     * Seed 000 §5 step 9: a simulation task's outputs enter the catalog (content-addressed, so a second task with the
     * same seed registers nothing new); their attributes name the task, scenario and kind of file.
     */
    @EventHandler
    @MessageHandlerTimeout(timeoutMs = HANDLER_TIMEOUT_MS, warningThresholdMs = 60_000, warningIntervalMs = 60_000)
    void on(SimulationDataGeneratedEvent event) {
        List<CommandMessage<?>> commands = new ArrayList<>();
        for (SimulationOutput output : event.outputs()) {
            commands.add(GenericCommandMessage.asCommandMessage(new RegisterAssetCommand(output.assetId(), event.tenantId(), null, null,
                    output.storagePath(), output.sizeBytes(), output.sha256(), output.modality(), event.completedAt(),
                    Map.of("simulationTaskId", event.taskId().value(), "simulationScenarioId", event.scenarioId().value(),
                            "simulationScenarioVersion", String.valueOf(event.scenarioVersion()), "simulationKind", output.kind()))));
        }
        registrations.createAll(commands);
    }
}
