package io.fleetloop.api.ingestion;

import java.util.List;

public record DataSourcesResponse(List<DataSourceView> items, int page, int size, long total) {
}
