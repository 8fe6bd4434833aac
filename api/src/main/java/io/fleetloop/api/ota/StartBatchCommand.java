package io.fleetloop.api.ota;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Deploys the batch with this index (the saga sends it after the interval; an operator may send it early). */
public record StartBatchCommand(@TargetAggregateIdentifier ReleaseTaskId taskId, String tenantId, int batchIndex) implements TenantOwned {
}
