package io.fleetloop.api.catalog;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/scene-mining} as a message (a workflow's {@code mine-scenes} node): mine these assets of the tenant
 * ({@code assetIds}) or those a filter of {@code GET /v1/assets}'s vocabulary selects, with the tenant's current rules.
 * The command side resolves assets and rules from its own lookup tables; the job id is the caller's, so a repeated
 * request with the same id starts no second job.
 */
public record MineScenesCommand(@TargetAggregateIdentifier SceneMiningJobId jobId, String tenantId, List<String> assetIds,
                                Map<String, Object> filter, Instant requestedAt) implements TenantOwned {
}
