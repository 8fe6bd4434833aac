package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;

import java.time.Instant;

/** Seed 001 §4.2 ReleaseTaskCreated. */
public record ReleaseTaskCreatedEvent(ReleaseTaskId taskId, String tenantId, String versionId, ReleaseType releaseType,
                                      String artifactUri, DeviceType targetDeviceType, GrayPolicy grayPolicy,
                                      String previousVersionId, String artifactSha256, long artifactSizeBytes,
                                      Instant createdAt) implements TenantOwned {
}
