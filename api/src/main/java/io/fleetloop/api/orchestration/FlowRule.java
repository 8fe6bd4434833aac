package io.fleetloop.api.orchestration;

import io.fleetloop.api.catalog.Modality;

/**
 * Which completed ingestions a flow takes (ANNOTATE): every field optional; {@code pathPattern} is a glob over the asset's
 * path below the tenant (e.g. {@code landing/**} or {@code *.bin}). For an edge collection flow (COLLECT), {@code trigger}
 * says when a device records a clip; null for flows created before edge collection.
 */
public record FlowRule(String sourceId, Modality modality, String pathPattern, CollectionTrigger trigger) {

    public FlowRule(String sourceId, Modality modality, String pathPattern) {
        this(sourceId, modality, pathPattern, null);
    }
}
