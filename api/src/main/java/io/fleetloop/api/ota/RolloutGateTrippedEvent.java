package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

/** The rollout gate paused the release on fleet evidence (followed by a {@link ReleasePausedEvent}, automatic). */
public record RolloutGateTrippedEvent(ReleaseTaskId taskId, String tenantId, int batchIndex, RolloutGateEvidence evidence,
                                      Instant trippedAt) implements TenantOwned {
}
