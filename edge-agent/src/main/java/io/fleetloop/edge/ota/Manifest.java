package io.fleetloop.edge.ota;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The signed release manifest ({@code fleetloop.ota.manifest/v1}) carried base64-encoded in the chunk metadata. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(String schema, String tenantId, String releaseTaskId, String actionId, String controllerId,
                       String kind, String versionId, String deviceType, String releaseType, long releaseCounter,
                       ArtifactRef artifact, String issuedAt) {

    public static final String SCHEMA = "fleetloop.ota.manifest/v1";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ArtifactRef(String filename, long size, String sha256) {
    }
}
