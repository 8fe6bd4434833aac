package io.fleetloop.api.orchestration.workflow;

import java.util.List;

public record RequestedRunsResponse(List<RequestedRunView> items) {
}
