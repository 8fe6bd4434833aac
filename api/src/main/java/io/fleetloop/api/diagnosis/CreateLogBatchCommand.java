package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** {@code POST /api/v1/batches}: a new log batch of one vehicle's test drive. */
public record CreateLogBatchCommand(@TargetAggregateIdentifier LogBatchId batchId, String tenantId, String vehicleId,
                                    String vehiclePlatform, String firmwareVersion, Map<String, String> testDrive)
        implements TenantOwned {
    public CreateLogBatchCommand {
        testDrive = testDrive == null ? Map.of() : Map.copyOf(testDrive);
    }
}
