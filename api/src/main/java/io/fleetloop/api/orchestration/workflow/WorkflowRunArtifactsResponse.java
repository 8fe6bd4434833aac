package io.fleetloop.api.orchestration.workflow;

import java.util.List;

public record WorkflowRunArtifactsResponse(String runId, List<ArtifactView> items) {
}
