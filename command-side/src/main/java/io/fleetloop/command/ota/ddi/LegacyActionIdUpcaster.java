package io.fleetloop.command.ota.ddi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.api.ota.ActionKind;
import io.fleetloop.api.ota.DeploymentBatchStartedEvent;
import io.fleetloop.api.ota.RollbackTriggeredEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * Revision 1 → 2 of {@link DeploymentBatchStartedEvent} and {@link RollbackTriggeredEvent}: adds {@code actionIds}.
 * Before revision 2 an action's id was derived from (release, device, kind) by hashing into 53 bits, which hawkBit
 * device clients cannot hold in their {@code int}. The upgrade (V2026120410__ddi_actions.sql) gave every action recorded
 * then an id in the new range and kept the pair in {@code ddi_action} ({@code legacy_id} → {@code action_id}); this
 * upcaster reads that fixed mapping, so an old event replays with the same ids every time. A device the mapping does
 * not know (none, unless the upgrade found no record of the action) leaves {@code actionIds} null.
 */
@Component
class LegacyActionIdUpcaster extends SingleEventUpcaster {

    /** The upgrade's ids of a release's actions of one kind, by device. */
    interface Mapping {
        Map<String, Integer> actionIds(String taskId, ActionKind kind);
    }

    private static final String BATCH_STARTED = DeploymentBatchStartedEvent.class.getName();
    private static final String ROLLBACK = RollbackTriggeredEvent.class.getName();

    private final Mapping mapping;

    LegacyActionIdUpcaster(Mapping mapping) {
        this.mapping = mapping;
    }

    @Autowired
    LegacyActionIdUpcaster(JdbcClient jdbc) {
        this((taskId, kind) -> {
            Map<String, Integer> ids = new HashMap<>();
            jdbc.sql("select device_id, action_id from ddi_action where task_id = ? and kind = ? and legacy_id is not null")
                    .params(taskId, kind.name()).query(rs -> {
                        ids.put(rs.getString(1), rs.getInt(2));
                    });
            return ids;
        });
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        String type = event.getType().getName();
        return event.getType().getRevision() == null && (type.equals(BATCH_STARTED) || type.equals(ROLLBACK));
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        String type = event.getType().getName();
        ActionKind kind = type.equals(BATCH_STARTED) ? ActionKind.UPDATE : ActionKind.ROLLBACK;
        return event.upcastPayload(new SimpleSerializedType(type, "2"), JsonNode.class, payload -> {
            ObjectNode upcast = payload.deepCopy();
            Map<String, Integer> ids = mapping.actionIds(upcast.path("taskId").asText(), kind);
            ArrayNode actionIds = upcast.putArray("actionIds");
            for (JsonNode device : upcast.path("deviceIds")) {
                Integer id = ids.get(device.asText());
                if (id == null) {
                    upcast.putNull("actionIds");
                    return upcast;
                }
                actionIds.add(id);
            }
            return upcast;
        });
    }
}
