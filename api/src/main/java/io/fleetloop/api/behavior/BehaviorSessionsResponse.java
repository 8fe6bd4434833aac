package io.fleetloop.api.behavior;

import java.util.List;

public record BehaviorSessionsResponse(List<BehaviorSessionView> items, int page, int size, long total) {
}
