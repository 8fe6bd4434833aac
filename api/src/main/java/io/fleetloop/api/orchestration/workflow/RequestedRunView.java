package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;
import java.util.Map;

public record RequestedRunView(String runId, int revision, RunTrigger trigger, Map<String, Object> inputs, Instant requestedAt) {
}
