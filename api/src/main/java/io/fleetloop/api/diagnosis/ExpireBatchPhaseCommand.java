package io.fleetloop.api.diagnosis;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A batch deadline passed (sent by the log-batch process): in {@code SCATTERING} the files not yet reported fail with
 * the reason; in {@code DIAGNOSING} the batch completes without a diagnosis. In any other phase it changes nothing.
 */
public record ExpireBatchPhaseCommand(@TargetAggregateIdentifier LogBatchId batchId, String tenantId, BatchStatus phase)
        implements TenantOwned {
}
