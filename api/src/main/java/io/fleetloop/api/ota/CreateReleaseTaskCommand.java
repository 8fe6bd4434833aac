package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import io.fleetloop.api.catalog.AssetId;

import java.util.List;

public record CreateReleaseTaskCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, ReleaseType releaseType,
                                       String versionId, DeviceType targetDeviceType, GrayPolicy grayPolicy,
                                       String previousVersionId, ArtifactRef artifact, ArtifactRef previousArtifact, List<ReleaseModule> modules,
                                       List<AssetId> datasetIds)
        implements TenantOwned {

    /** Without the datasets the model was trained on. */
    public CreateReleaseTaskCommand(ReleaseTaskId taskId, String tenantId, ReleaseType releaseType, String versionId, DeviceType targetDeviceType,
                                    GrayPolicy grayPolicy, String previousVersionId, ArtifactRef artifact, ArtifactRef previousArtifact,
                                    List<ReleaseModule> modules) {
        this(taskId, tenantId, releaseType, versionId, targetDeviceType, grayPolicy, previousVersionId, artifact, previousArtifact, modules, null);
    }


    /** A release of one module: its main artifact only. */
    public CreateReleaseTaskCommand(ReleaseTaskId taskId, String tenantId, ReleaseType releaseType, String versionId, DeviceType targetDeviceType,
                                    GrayPolicy grayPolicy, String previousVersionId, ArtifactRef artifact, ArtifactRef previousArtifact) {
        this(taskId, tenantId, releaseType, versionId, targetDeviceType, grayPolicy, previousVersionId, artifact, previousArtifact, null, null);
    }
}
