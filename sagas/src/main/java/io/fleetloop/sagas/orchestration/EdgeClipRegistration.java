package io.fleetloop.sagas.orchestration;

import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.orchestration.DataFlowTriggeredEvent;
import io.fleetloop.api.orchestration.TriggeredClip;
import io.fleetloop.refusals.CommandRefusals;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Seed 000 §8 steps 5–8: ORC hands a triggered clip to CAT — each file of a {@link DataFlowTriggeredEvent} is registered
 * as a catalog asset with the flow, device and trigger as its attributes, so it is searchable in {@code GET /v1/assets}
 * (e.g. {@code ?attribute=flowId:<id>}). Attribute keys are lower case like every catalog attribute (S3 user metadata keys
 * are; the search lower-cases the key it filters on), so {@code flowid}, {@code deviceid}, {@code triggerid}, ….
 * Stateless and idempotent like the ingestion registration: an asset registered
 * already (the same bytes, a replay) is refused by the event store and read as "registered already".
 */
@Component
@ProcessingGroup(EdgeClipRegistration.PROCESSING_GROUP)
class EdgeClipRegistration {

    static final String PROCESSING_GROUP = "edge-clip-registration";

    private static final ExecutorService OWN_UNIT_OF_WORK = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "edge-clip-registration-command");
        thread.setDaemon(true);
        return thread;
    });

    private final CommandGateway commands;

    EdgeClipRegistration(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(DataFlowTriggeredEvent event) {
        for (TriggeredClip clip : event.clips()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("flowid", event.flowId().value());
            attributes.put("deviceid", event.deviceId());
            attributes.put("triggerid", event.triggerId());
            attributes.put("triggerkind", event.kind());
            attributes.put("triggertime", event.triggerTime().toString());
            attributes.put("ruleversion", event.ruleVersion());
            if (event.deviceVersion() != null) attributes.put("deviceversion", event.deviceVersion());
            register(GenericCommandMessage.asCommandMessage(new RegisterAssetCommand(clip.assetId(), event.tenantId(), null, null,
                    clip.storagePath(), clip.sizeBytes(), clip.sha256(), clip.modality(), event.reportedAt(), attributes)));
        }
    }

    private void register(CommandMessage<RegisterAssetCommand> command) {
        try {
            CompletableFuture.runAsync(() -> commands.sendAndWait(command), OWN_UNIT_OF_WORK).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (CommandRefusals.isDuplicateAggregate(cause)) return;
            if (cause instanceof RuntimeException runtime) throw runtime;
            throw e;
        }
    }
}
