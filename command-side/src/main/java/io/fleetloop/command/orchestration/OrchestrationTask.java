package io.fleetloop.command.orchestration;

import io.fleetloop.api.orchestration.CreateOrchestrationTaskCommand;
import io.fleetloop.api.orchestration.OrchestrationTaskCreatedEvent;
import io.fleetloop.api.orchestration.OrchestrationTaskId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import org.axonframework.modelling.command.AggregateLifecycle;

/** The record that a data flow dispatched work (type ANNOTATION: an annotation task for an ingestion's assets). */
@Aggregate
class OrchestrationTask {

    @AggregateIdentifier
    private OrchestrationTaskId orchestrationTaskId;

    OrchestrationTask() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(CreateOrchestrationTaskCommand command, Clock clock) {
        if (orchestrationTaskId != null) return;
        apply(command, clock);
    }

    private void apply(CreateOrchestrationTaskCommand command, Clock clock) {
        AggregateLifecycle.apply(new OrchestrationTaskCreatedEvent(command.orchestrationTaskId(),
                command.tenantId(), command.type(), command.flowId(), command.triggerIngestionTaskId(), command.targetTaskId(),
                command.assetIds(), clock.instant()));
    }

    @EventSourcingHandler
    void on(OrchestrationTaskCreatedEvent event) {
        orchestrationTaskId = event.orchestrationTaskId();
    }
}
