package io.fleetloop.command.ingestion;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.command.common.DerivedIds;


/** An asset's id follows from its tenant and content, so the same bytes always name the same asset. */
public final class ContentAddressedIds {

    private ContentAddressedIds() {
    }

    public static AssetId assetId(String tenantId, String sha256) {
        return new AssetId(DerivedIds.uuid(tenantId + ":" + sha256));
    }
}
