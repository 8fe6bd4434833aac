package io.fleetloop.api.annotation;

import io.fleetloop.api.catalog.AssetId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** A pre-label for one asset of a task; the result id is derived from task + asset, so a re-run creates no second result. */
public record CreateAnnotationResultCommand(@TargetAggregateIdentifier AnnotationResultId resultId, String tenantId,
                                            AnnotationTaskId taskId, AssetId assetId, AnnotationType annotationType,
                                            List<Label> labels, String labeler, double spotCheckRate) implements io.fleetloop.api.common.TenantOwned {
    public CreateAnnotationResultCommand {
        labels = List.copyOf(labels);
    }
}
