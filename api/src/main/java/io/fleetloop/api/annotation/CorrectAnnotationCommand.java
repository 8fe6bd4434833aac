package io.fleetloop.api.annotation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** A labeller's correction: the labels of a new revision. */
public record CorrectAnnotationCommand(@TargetAggregateIdentifier AnnotationResultId resultId, String tenantId, List<Label> labels) implements io.fleetloop.api.common.TenantOwned {
    public CorrectAnnotationCommand {
        labels = labels == null ? null : List.copyOf(labels);
    }
}
