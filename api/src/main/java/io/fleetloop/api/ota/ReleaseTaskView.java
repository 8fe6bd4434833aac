package io.fleetloop.api.ota;

import java.time.Instant;

public record ReleaseTaskView(String taskId, ReleaseType releaseType, String versionId, String artifactUri, String artifactSha256,
                              long artifactSizeBytes, DeviceType targetDeviceType, GrayPolicy grayPolicy, ReleaseTaskStatus status,
                              String previousVersionId, int totalDevices, int successCount, int failureCount, String statusReason,
                              Instant createdAt, Instant updatedAt) {
}
