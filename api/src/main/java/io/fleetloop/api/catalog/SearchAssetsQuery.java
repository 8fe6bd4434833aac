package io.fleetloop.api.catalog;

import io.fleetloop.api.common.PageRequest;

public record SearchAssetsQuery(String tenantId, AssetFilter filter, PageRequest page) {
}
