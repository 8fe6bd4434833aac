package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;

/** Every event of a LogBatch names its batch and tenant. */
public interface LogBatchEvent extends TenantOwned {
    LogBatchId batchId();
}
