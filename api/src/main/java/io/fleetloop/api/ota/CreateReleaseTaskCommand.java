package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateReleaseTaskCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, ReleaseType releaseType,
                                       String versionId, String artifactUri, DeviceType targetDeviceType, GrayPolicy grayPolicy,
                                       String previousVersionId, String artifactSha256, long artifactSizeBytes) implements TenantOwned {
}
