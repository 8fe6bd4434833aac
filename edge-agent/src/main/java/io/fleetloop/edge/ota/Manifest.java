package io.fleetloop.edge.ota;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The signed release manifest ({@code fleetloop.ota.manifest/v1}) carried base64-encoded in each chunk's metadata. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(String schema, String tenantId, String releaseTaskId, String actionId, String controllerId,
                       String kind, String versionId, String deviceType, String releaseType, long releaseCounter,
                       ArtifactRef artifact, String issuedAt, ChunkRef chunk) {

    public static final String SCHEMA = "fleetloop.ota.manifest/v1";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ArtifactRef(String filename, long size, String sha256) {
    }

    /** Which chunk of the action this manifest signs, when the action has several (absent: the only one). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChunkRef(int index, int of, String part, String name, String version) {
    }

    /** This manifest's chunk position; a manifest without one is chunk 0 of 1. */
    public int chunkIndex() {
        return chunk == null ? 0 : chunk.index();
    }

    public int chunkCount() {
        return chunk == null ? 1 : chunk.of();
    }
}
