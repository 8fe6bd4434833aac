package io.fleetloop.api.orchestration.workflow;

import java.util.List;

public record OperatorsResponse(List<OperatorView> items) {
}
