package io.fleetloop.api.ingestion;

import java.util.List;

public record IngestionTasksResponse(List<IngestionTaskView> items, int page, int size, long total) {
}
