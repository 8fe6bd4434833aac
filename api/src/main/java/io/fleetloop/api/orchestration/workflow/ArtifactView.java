package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

/** An artifact of a run's node: where it is in the object store, its size and digest, and where to read it. */
public record ArtifactView(String runId, String nodeId, int attempt, String name, String key, long size, String sha256,
                           String contentType, String contentUrl, Instant createdAt) {
}
