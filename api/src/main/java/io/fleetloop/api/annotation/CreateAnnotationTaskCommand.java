package io.fleetloop.api.annotation;

import io.fleetloop.api.catalog.AssetId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Creates a task over the given assets (a catalog filter is resolved to asset ids before this command). {@code origin} names what created it: a user, or a data-flow rule. */
public record CreateAnnotationTaskCommand(@TargetAggregateIdentifier AnnotationTaskId taskId, String tenantId, String name,
                                          List<AssetId> assetIds, AnnotationType annotationType,
                                          PreLabelConfig preLabelConfig, QcPolicy qcPolicy, String origin) implements io.fleetloop.api.common.TenantOwned {
    public CreateAnnotationTaskCommand {
        assetIds = assetIds == null ? List.of() : List.copyOf(assetIds);
    }
}
