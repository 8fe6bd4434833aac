package io.fleetloop.api.annotation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Sent by the pre-labeling job when every asset of the task has its result. */
public record CompletePreLabelingCommand(@TargetAggregateIdentifier AnnotationTaskId taskId, String tenantId, int attempt,
                                         List<AnnotationResultId> resultIds) implements io.fleetloop.api.common.TenantOwned {
    public CompletePreLabelingCommand {
        resultIds = List.copyOf(resultIds);
    }
}
