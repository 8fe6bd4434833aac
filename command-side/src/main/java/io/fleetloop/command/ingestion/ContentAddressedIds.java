package io.fleetloop.command.ingestion;

import io.fleetloop.api.catalog.AssetId;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** An asset's id follows from its tenant and content, so the same bytes always name the same asset. */
public final class ContentAddressedIds {

    private ContentAddressedIds() {
    }

    public static AssetId assetId(String tenantId, String sha256) {
        return new AssetId(UUID.nameUUIDFromBytes((tenantId + ":" + sha256).getBytes(StandardCharsets.UTF_8)).toString());
    }
}
