package io.fleetloop.api.diagnosis;

import java.time.Instant;

/** Seed 004 StatusChanged: the batch moved from one state to the next (reason set for failed or a completion without diagnosis). */
public record StatusChangedEvent(LogBatchId batchId, String tenantId, BatchStatus from, BatchStatus to, String reason,
                                 Instant at) implements LogBatchEvent {
}
