package io.fleetloop.api.catalog;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Seed 000 §9 step 1 (RequestSceneMining): mine these assets of the tenant with these rules. */
public record RequestSceneMiningCommand(@TargetAggregateIdentifier SceneMiningJobId jobId, String tenantId,
                                        List<SceneMiningAsset> assets, Map<String, String> filter, SceneMiningRules rules,
                                        Instant requestedAt) implements TenantOwned {
    public RequestSceneMiningCommand {
        assets = List.copyOf(assets);
        filter = filter == null ? Map.of() : Map.copyOf(filter);
    }
}
