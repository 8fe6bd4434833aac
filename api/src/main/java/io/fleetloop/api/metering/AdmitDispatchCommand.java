package io.fleetloop.api.metering;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Asked by the command side before it starts work (an ingestion run, a pre-labeling run, ...) that will use
 * {@code resources}: answers a {@link DispatchDecision}; a refusal is recorded as a {@link DispatchRefusedEvent}.
 * {@code requested} (optional) names quantities the work will use for sure (a simulation's batch size in
 * {@code simulation-items}): the work is refused when they would take a resource over its quota.
 */
public record AdmitDispatchCommand(@TargetAggregateIdentifier String tenantId, LoopContext context, String subjectId,
                                   List<String> resources, Instant at, Map<String, Double> requested) implements TenantOwned {
    public AdmitDispatchCommand {
        resources = List.copyOf(resources);
        requested = requested == null ? Map.of() : Map.copyOf(requested);
    }

    public AdmitDispatchCommand(String tenantId, LoopContext context, String subjectId, List<String> resources, Instant at) {
        this(tenantId, context, subjectId, resources, at, Map.of());
    }
}
