package io.fleetloop.api.ingestion;

import io.fleetloop.api.common.PageRequest;

public record ListDataSourcesQuery(String tenantId, PageRequest page) {
}
