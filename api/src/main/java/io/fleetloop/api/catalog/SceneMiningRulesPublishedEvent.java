package io.fleetloop.api.catalog;

import io.fleetloop.api.common.TenantOwned;

/** The tenant's scene-mining rules are now {@code rules}; later jobs mine with them. */
public record SceneMiningRulesPublishedEvent(SceneMiningRulesId rulesId, String tenantId, SceneMiningRules rules) implements TenantOwned {
}
