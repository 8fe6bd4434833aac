package io.fleetloop.api.orchestration;

import java.util.List;

public record DataFlowsResponse(List<DataFlowView> items, int page, int size, long total) {
}
