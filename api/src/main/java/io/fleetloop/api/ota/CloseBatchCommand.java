package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Closes the deploying batch: when all its devices reported, or at its timeout (silent devices count as failed). */
public record CloseBatchCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, int batchIndex, boolean timedOut) implements TenantOwned {
}
