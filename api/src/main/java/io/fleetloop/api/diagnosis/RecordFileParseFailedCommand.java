package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A parse job's last try failed (the parser crashed): the file is definitively failed with the reason. Idempotent by fileId. */
public record RecordFileParseFailedCommand(@TargetAggregateIdentifier LogBatchId batchId, String tenantId, String fileId,
                                           String reason) implements TenantOwned {
}
