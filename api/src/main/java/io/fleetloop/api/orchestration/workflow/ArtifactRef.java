package io.fleetloop.api.orchestration.workflow;

/** A file a node produced, in the object store under the tenant's prefix: {@code key} is the object key. */
public record ArtifactRef(String name, String key, long size, String sha256, String contentType) {
}
