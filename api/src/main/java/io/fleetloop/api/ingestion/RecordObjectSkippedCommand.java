package io.fleetloop.api.ingestion;

import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The connector listed a source object but could not read it because it no longer exists (deleted between the
 * listing and the read): recorded once per {@code sourceKey}, with the reason, and the run goes on.
 */
public record RecordObjectSkippedCommand(@TargetAggregateIdentifier IngestionTaskId taskId, String tenantId,
                                         String sourceKey, String reason) implements TenantOwned {
}
