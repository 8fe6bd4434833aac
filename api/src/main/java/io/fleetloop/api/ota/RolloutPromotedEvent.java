package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

/**
 * The rollout gate promoted the rollout early on fleet evidence: batch {@code batchIndex} (closed, its threshold met)
 * showed the new version better than the old one, so batch {@code nextBatchIndex} starts before the policy's interval
 * ended (followed by its {@link DeploymentBatchStartedEvent}). {@code reason} is the sentence the progress shows.
 */
public record RolloutPromotedEvent(ReleaseTaskId taskId, String tenantId, int batchIndex, int nextBatchIndex, RolloutGateEvidence evidence,
                                   String reason, Instant promotedAt) implements TenantOwned {
}
