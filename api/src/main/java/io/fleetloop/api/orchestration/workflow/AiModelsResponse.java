package io.fleetloop.api.orchestration.workflow;

import java.util.List;

public record AiModelsResponse(List<AiModelView> items) {
}
