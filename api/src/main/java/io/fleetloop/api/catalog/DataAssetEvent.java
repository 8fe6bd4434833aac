package io.fleetloop.api.catalog;

import io.fleetloop.api.common.TenantOwned;

/** Events of one data asset. */
public interface DataAssetEvent extends TenantOwned {
    AssetId assetId();
}
