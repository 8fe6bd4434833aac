package io.fleetloop.sagas.orchestration;

import io.fleetloop.sagas.common.OwnUnitOfWork;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.orchestration.DataFlowTriggeredEvent;
import io.fleetloop.api.orchestration.TriggeredClip;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 000 §8 steps 5–8: ORC hands a triggered clip to CAT — each file of a {@link DataFlowTriggeredEvent} is registered
 * as a catalog asset with the flow, device and trigger as its attributes, so it is searchable in {@code GET /v1/assets}
 * (e.g. {@code ?attribute=flowId:<id>}). Attribute keys are lower case like every catalog attribute (S3 user metadata keys
 * are; the search lower-cases the key it filters on), so {@code flowid}, {@code deviceid}, {@code triggerid}, ….
 * A file the device compressed with a trained dictionary also names it: {@code compressiondictionary} (its asset id) and
 * {@code compressiondictionarysha256}.
 * Stateless and idempotent like the ingestion registration: an asset registered
 * already (the same bytes, a replay) is refused by the event store and read as "registered already".
 * <p>
 * The registrations of a batch of reports are sent together when the batch commits, {@link OwnUnitOfWork#createAll several
 * at once}, still before the processor's token moves (a failure rolls the batch back and retries it): reports that
 * arrive together do not wait for each other's registration one by one.
 */
@Component
@ProcessingGroup(EdgeClipRegistration.PROCESSING_GROUP)
class EdgeClipRegistration {

    static final String PROCESSING_GROUP = "edge-clip-registration";
    static final String DICTIONARY = "compressiondictionary";
    static final String DICTIONARY_SHA256 = "compressiondictionarysha256";
    private static final String PENDING = EdgeClipRegistration.class.getName() + ".pending";

    private final OwnUnitOfWork registrations;

    EdgeClipRegistration(OwnUnitOfWork registrations) {
        this.registrations = registrations;
    }

    @EventHandler
    void on(DataFlowTriggeredEvent event) {
        List<CommandMessage<?>> commands = new ArrayList<>();
        for (TriggeredClip clip : event.clips()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("flowid", event.flowId().value());
            attributes.put("deviceid", event.deviceId());
            attributes.put("triggerid", event.triggerId());
            attributes.put("triggerkind", event.kind());
            attributes.put("triggertime", event.triggerTime().toString());
            attributes.put("ruleversion", event.ruleVersion());
            if (event.deviceVersion() != null) attributes.put("deviceversion", event.deviceVersion());
            if (clip.dictionary() != null) {
                // a reader needs these bytes to decode the file: which asset, and their sha256
                attributes.put(DICTIONARY, clip.dictionary().assetId());
                if (clip.dictionary().sha256() != null) attributes.put(DICTIONARY_SHA256, clip.dictionary().sha256());
            }
            // created here, on the handler's thread: the message carries this event's correlation data (operator, tenant)
            commands.add(GenericCommandMessage.asCommandMessage(new RegisterAssetCommand(clip.assetId(), event.tenantId(), null, null,
                    clip.storagePath(), clip.sizeBytes(), clip.sha256(), clip.modality(), event.reportedAt(), attributes)));
        }
        if (!CurrentUnitOfWork.isStarted()) {
            registrations.createAll(commands);
            return;
        }
        pending(CurrentUnitOfWork.get().root()).addAll(commands);
    }

    /** The batch's registrations, sent when it commits (in its prepare-commit, before the token moves). */
    private List<CommandMessage<?>> pending(UnitOfWork<?> root) {
        return root.getOrComputeResource(PENDING, key -> {
            List<CommandMessage<?>> commands = new ArrayList<>();
            root.onPrepareCommit(u -> registrations.createAll(List.copyOf(commands)));
            return commands;
        });
    }
}
