package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

public record CreateReleaseTaskCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, ReleaseType releaseType,
                                       String versionId, DeviceType targetDeviceType, GrayPolicy grayPolicy,
                                       String previousVersionId, ArtifactRef artifact, ArtifactRef previousArtifact, List<ReleaseModule> modules)
        implements TenantOwned {

    /** A release of one module: its main artifact only. */
    public CreateReleaseTaskCommand(ReleaseTaskId taskId, String tenantId, ReleaseType releaseType, String versionId, DeviceType targetDeviceType,
                                    GrayPolicy grayPolicy, String previousVersionId, ArtifactRef artifact, ArtifactRef previousArtifact) {
        this(taskId, tenantId, releaseType, versionId, targetDeviceType, grayPolicy, previousVersionId, artifact, previousArtifact, null);
    }
}
