package io.fleetloop.api.catalog;

public record FindAssetQuery(String tenantId, AssetId assetId) {
}
