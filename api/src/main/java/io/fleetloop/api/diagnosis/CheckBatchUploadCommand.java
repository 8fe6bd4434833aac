package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asked before an upload streams its bytes ({@code forUpload}: the batch must still be pending unless the file is
 * already registered) or to show an upload's state: is the batch this tenant's? Answers the registered file if it is
 * already there, else null. Changes nothing.
 */
public record CheckBatchUploadCommand(@TargetAggregateIdentifier LogBatchId batchId, String tenantId, String fileId, boolean forUpload)
        implements TenantOwned {
}
