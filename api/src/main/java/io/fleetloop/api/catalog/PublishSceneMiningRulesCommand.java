package io.fleetloop.api.catalog;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code PUT /v1/scene-mining/rules}: the tenant's rules are now {@code rules} (its version above the current one). */
public record PublishSceneMiningRulesCommand(@TargetAggregateIdentifier SceneMiningRulesId rulesId, String tenantId,
                                             SceneMiningRules rules) implements TenantOwned {
}
