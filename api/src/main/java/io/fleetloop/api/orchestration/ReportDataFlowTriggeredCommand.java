package io.fleetloop.api.orchestration;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * A device reports that its COLLECT rule fired and the clip landed (seed 000 §8 step 5). {@code reportId} names the
 * report (tenant, device and the device's triggerId), so a replayed report targets the same aggregate and appends nothing.
 */
public record ReportDataFlowTriggeredCommand(@TargetAggregateIdentifier String reportId, String tenantId, DataFlowId flowId,
                                             String deviceId, String triggerId, String kind, Instant triggerTime,
                                             String ruleVersion, String deviceVersion, List<TriggeredClip> clips) implements TenantOwned {

    public static String reportId(String tenantId, String deviceId, String triggerId) {
        return java.util.UUID.nameUUIDFromBytes(("edge-trigger:" + tenantId + ":" + deviceId + ":" + triggerId)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }
}
