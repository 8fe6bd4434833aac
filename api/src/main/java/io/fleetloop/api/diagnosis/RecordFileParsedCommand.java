package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A parse job's report: the file was parsed (idempotent by fileId: a repeated report changes nothing). */
public record RecordFileParsedCommand(@TargetAggregateIdentifier LogBatchId batchId, String tenantId, String fileId,
                                      FileParseStats stats) implements TenantOwned {
}
