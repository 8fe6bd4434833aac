package io.fleetloop.api.ota;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;
import java.util.List;

/**
 * Seed 001 §4.2 ReleaseTaskCreated. Beyond the seed: the artifact's sha1 and md5 (hawkBit clients verify them) and
 * the previous version's artifact, which a rollback sends back to the devices ({@code null} when unknown: then a
 * rollback is refused and an automatic one becomes a pause). The creation time in epoch milliseconds is the
 * release counter of its signed manifests. {@code modules}: the further software modules shipped with the main artifact
 * (hawkBit chunks, in order); {@code null} in events stored before them, which read as a release of one module.
 * {@code datasetIds}: the dataset assets the model was trained on (from the model-ready webhook; lineage and the
 * closed-loop KPI follow them), {@code null} when not given.
 */
public record ReleaseTaskCreatedEvent(ReleaseTaskId taskId, String tenantId, String versionId, ReleaseType releaseType,
                                      String artifactUri, DeviceType targetDeviceType, GrayPolicy grayPolicy,
                                      String previousVersionId, String artifactSha256, long artifactSizeBytes,
                                      Instant createdAt, String artifactSha1, String artifactMd5, ArtifactRef previousArtifact,
                                      List<ReleaseModule> modules, List<AssetId> datasetIds)
        implements TenantOwned {

    public ReleaseTaskCreatedEvent(ReleaseTaskId taskId, String tenantId, String versionId, ReleaseType releaseType, String artifactUri,
                                   DeviceType targetDeviceType, GrayPolicy grayPolicy, String previousVersionId, String artifactSha256,
                                   long artifactSizeBytes, Instant createdAt, String artifactSha1, String artifactMd5, ArtifactRef previousArtifact,
                                   List<ReleaseModule> modules) {
        this(taskId, tenantId, versionId, releaseType, artifactUri, targetDeviceType, grayPolicy, previousVersionId, artifactSha256,
                artifactSizeBytes, createdAt, artifactSha1, artifactMd5, previousArtifact, modules, null);
    }

    public ReleaseTaskCreatedEvent(ReleaseTaskId taskId, String tenantId, String versionId, ReleaseType releaseType, String artifactUri,
                                   DeviceType targetDeviceType, GrayPolicy grayPolicy, String previousVersionId, String artifactSha256,
                                   long artifactSizeBytes, Instant createdAt, String artifactSha1, String artifactMd5, ArtifactRef previousArtifact) {
        this(taskId, tenantId, versionId, releaseType, artifactUri, targetDeviceType, grayPolicy, previousVersionId, artifactSha256,
                artifactSizeBytes, createdAt, artifactSha1, artifactMd5, previousArtifact, null, null);
    }

    /** The datasets the model was trained on; none when not given. */
    public List<AssetId> datasetIdList() {
        return datasetIds == null ? List.of() : datasetIds;
    }

    /** The further modules, none for a release of one module (and for events stored before modules existed). */
    public List<ReleaseModule> moduleList() {
        return modules == null ? List.of() : modules;
    }

    public ArtifactRef artifact() {
        return new ArtifactRef(artifactUri, artifactSizeBytes, artifactSha256, artifactSha1, artifactMd5);
    }
}
