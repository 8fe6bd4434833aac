package io.fleetloop.api.orchestration;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;
import java.util.List;

/**
 * Seed 000 §8 step 5 ({@code DataFlowTriggered}): device {@code deviceId} (running {@code deviceVersion}) fired flow
 * {@code flowId}'s rule at {@code triggerTime} under rules version {@code ruleVersion}; the clip's files are in the store.
 * ORC hands them to CAT for registration (steps 6–8). Appended once per (tenant, device, triggerId).
 */
public record DataFlowTriggeredEvent(String reportId, String tenantId, DataFlowId flowId, String deviceId, String triggerId,
                                     String kind, Instant triggerTime, String ruleVersion, String deviceVersion,
                                     List<TriggeredClip> clips, Instant reportedAt) implements TenantOwned {
}
