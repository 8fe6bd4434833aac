package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;
import java.util.List;

/** The plan: every batch with its devices, fixed now; and the policy whose timings the rollout follows. */
public record ReleaseStartedEvent(ReleaseTaskId taskId, String tenantId, List<PlannedBatch> batches, int totalDevices, GrayPolicy grayPolicy,
                                  Instant startedAt) implements TenantOwned {
}
