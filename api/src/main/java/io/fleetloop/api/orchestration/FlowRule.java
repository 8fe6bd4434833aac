package io.fleetloop.api.orchestration;

import io.fleetloop.api.catalog.Modality;

/** Which completed ingestions a flow takes: every field optional; {@code pathPattern} is a glob over the asset's path below the tenant (e.g. {@code landing/**} or {@code *.bin}). */
public record FlowRule(String sourceId, Modality modality, String pathPattern) {
}
