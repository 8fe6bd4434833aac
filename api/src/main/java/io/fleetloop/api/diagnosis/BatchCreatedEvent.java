package io.fleetloop.api.diagnosis;

import java.time.Instant;
import java.util.Map;

/** Seed 004 BatchCreated. */
public record BatchCreatedEvent(LogBatchId batchId, String tenantId, String vehicleId, String vehiclePlatform,
                                String firmwareVersion, Map<String, String> testDrive, Instant createdAt) implements LogBatchEvent {
}
