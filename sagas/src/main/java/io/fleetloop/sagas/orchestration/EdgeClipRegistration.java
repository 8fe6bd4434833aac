package io.fleetloop.sagas.orchestration;

import io.fleetloop.sagas.common.OwnUnitOfWork;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.orchestration.DataFlowTriggeredEvent;
import io.fleetloop.api.orchestration.TriggeredClip;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

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

    private final OwnUnitOfWork registrations;

    EdgeClipRegistration(OwnUnitOfWork registrations) {
        this.registrations = registrations;
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
            registrations.create(GenericCommandMessage.asCommandMessage(new RegisterAssetCommand(clip.assetId(), event.tenantId(), null, null,
                    clip.storagePath(), clip.sizeBytes(), clip.sha256(), clip.modality(), event.reportedAt(), attributes)));
        }
    }
}
