package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateReleaseTaskCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, ReleaseType releaseType,
                                       String versionId, DeviceType targetDeviceType, GrayPolicy grayPolicy,
                                       String previousVersionId, ArtifactRef artifact, ArtifactRef previousArtifact) implements TenantOwned {
}
