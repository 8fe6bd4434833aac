package io.fleetloop.api.metering;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Asked by the command side before it starts work (an ingestion run, a pre-labeling run, ...) that will use
 * {@code resources}: answers a {@link DispatchDecision}; a refusal is recorded as a {@link DispatchRefusedEvent}.
 */
public record AdmitDispatchCommand(@TargetAggregateIdentifier String tenantId, LoopContext context, String subjectId,
                                   List<String> resources, Instant at) implements TenantOwned {
    public AdmitDispatchCommand {
        resources = List.copyOf(resources);
    }
}
