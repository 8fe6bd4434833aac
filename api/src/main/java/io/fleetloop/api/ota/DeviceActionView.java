package io.fleetloop.api.ota;

import java.time.Instant;

/**
 * One OTA action of a device as its DDI endpoints serve it: {@code status} ASSIGNED, RUNNING, SUCCEEDED, FAILED,
 * CANCELING or CANCELED; {@code lastExecution} the hawkBit execution the device last reported, {@code detail} its details.
 */
public record DeviceActionView(String actionId, String taskId, ActionKind kind, String versionId, String status, String lastExecution,
                               String detail, long releaseCounter, Instant createdAt, Instant updatedAt) {
}
