package io.fleetloop.api.metering;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Meters a usage to the tenant's account. {@code usageId} names what is measured (e.g. {@code <job id>/<resource>}),
 * and {@code quantity} is the total used under that id so far: reporting it again (a retried job, a redelivered
 * command) meters only what exceeds what was already metered under the id, so nothing is charged twice.
 */
public record MeterUsageCommand(@TargetAggregateIdentifier String tenantId, String usageId, LoopContext context, String taskId,
                                String jobId, String runId, String nodeId, String resource, double quantity, String unit,
                                Instant at) implements TenantOwned {

    public static MeterUsageCommand of(UsageSubject subject, String usageId, String jobId, String resource, double quantity,
                                       String unit, Instant at) {
        return new MeterUsageCommand(subject.tenantId(), usageId, subject.context(), subject.taskId(), jobId, subject.runId(),
                subject.nodeId(), resource, quantity, unit, at);
    }
}
