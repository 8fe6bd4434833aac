package io.fleetloop.api.catalog;

import java.util.List;

public record AssetSearchResponse(List<AssetView> items, int page, int size, long total) {
}
