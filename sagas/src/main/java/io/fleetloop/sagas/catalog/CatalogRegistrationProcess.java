package io.fleetloop.sagas.catalog;

import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.IngestedAsset;
import io.fleetloop.api.simulation.SimulationDataGeneratedEvent;
import io.fleetloop.api.simulation.SimulationOutput;
import io.fleetloop.refusals.CommandRefusals;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageHandlerTimeout;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
    /** Registrations in flight at once for one event. */
    static final int IN_FLIGHT = 8;
    /** An event may carry thousands of assets; Axon's default (30 s) would retry it for ever on a loaded machine. */
    static final int HANDLER_TIMEOUT_MS = 30 * 60 * 1000;

    private static final ExecutorService OWN_UNIT_OF_WORK = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "catalog-registration-command");
        thread.setDaemon(true);
        return thread;
    });

    private final CommandGateway commands;

    CatalogRegistrationProcess(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    @MessageHandlerTimeout(timeoutMs = HANDLER_TIMEOUT_MS, warningThresholdMs = 60_000, warningIntervalMs = 60_000)
    void on(DataIngestionCompletedEvent event) {
        List<CommandMessage<RegisterAssetCommand>> registrations = new ArrayList<>();
        for (IngestedAsset asset : event.assets()) {
            registrations.add(GenericCommandMessage.asCommandMessage(new RegisterAssetCommand(asset.assetId(), event.tenantId(),
                    event.sourceId(), event.taskId(), asset.storagePath(), asset.sizeBytes(), asset.sha256(), event.modality(),
                    asset.ingestedAt(), asset.attributes())));
        }
        registerAll(registrations);
    }

    /**
     * Seed 000 §5 step 9: a simulation task's outputs enter the catalog (content-addressed, so a second task with the
     * same seed registers nothing new); their attributes name the task, scenario and kind of file.
     */
    @EventHandler
    @MessageHandlerTimeout(timeoutMs = HANDLER_TIMEOUT_MS, warningThresholdMs = 60_000, warningIntervalMs = 60_000)
    void on(SimulationDataGeneratedEvent event) {
        List<CommandMessage<RegisterAssetCommand>> registrations = new ArrayList<>();
        for (SimulationOutput output : event.outputs()) {
            registrations.add(GenericCommandMessage.asCommandMessage(new RegisterAssetCommand(output.assetId(), event.tenantId(), null, null,
                    output.storagePath(), output.sizeBytes(), output.sha256(), output.modality(), event.completedAt(),
                    Map.of("simulationTaskId", event.taskId().value(), "simulationScenarioId", event.scenarioId().value(),
                            "simulationScenarioVersion", String.valueOf(event.scenarioVersion()), "simulationKind", output.kind()))));
        }
        registerAll(registrations);
    }

    /**
     * Registers up to {@link #IN_FLIGHT} assets at once (each its own unit of work, see above), group after group: an
     * event carrying thousands of assets (a large ingestion or simulation batch) stays within the handler's timeout.
     * The first failure other than "registered already" is thrown once its group has ended; a retry registers the rest.
     */
    private void registerAll(List<CommandMessage<RegisterAssetCommand>> registrations) {
        for (int from = 0; from < registrations.size(); from += IN_FLIGHT) {
            List<CompletableFuture<Void>> group = new ArrayList<>();
            for (CommandMessage<RegisterAssetCommand> command : registrations.subList(from, Math.min(registrations.size(), from + IN_FLIGHT))) {
                group.add(CompletableFuture.runAsync(() -> commands.sendAndWait(command), OWN_UNIT_OF_WORK));
            }
            RuntimeException failure = null;
            for (CompletableFuture<Void> registration : group) {
                try {
                    registration.join();
                } catch (CompletionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (CommandRefusals.isDuplicateAggregate(cause)) continue;
                    if (failure == null) failure = cause instanceof RuntimeException runtime ? runtime : e;
                }
            }
            if (failure != null) throw failure;
        }
    }
}
