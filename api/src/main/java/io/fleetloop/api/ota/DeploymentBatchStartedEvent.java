package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;
import java.util.List;

public record DeploymentBatchStartedEvent(ReleaseTaskId taskId, String tenantId, DeploymentBatchId batchId, int batchIndex,
                                          List<String> deviceIds, Instant startedAt) implements TenantOwned {
}
