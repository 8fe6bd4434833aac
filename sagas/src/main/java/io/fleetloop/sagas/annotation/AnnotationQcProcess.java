package io.fleetloop.sagas.annotation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fleetloop.api.annotation.AnnotationApprovedEvent;
import io.fleetloop.api.annotation.AnnotationResultCreatedEvent;
import io.fleetloop.api.annotation.AnnotationTaskCompletedEvent;
import io.fleetloop.api.annotation.CompleteAnnotationTaskCommand;
import io.fleetloop.api.annotation.PreLabelingCompletedEvent;
import io.fleetloop.api.annotation.PreLabelingStartedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.HashSet;
import java.util.Set;
import io.fleetloop.api.annotation.AnnotationTaskId;

/**
 * Seed 000 §3 QC: an annotation task completes when its pre-labeling is done and every one of its results is
 * approved. One saga per task, associated by taskId; results report to it by their taskId.
 */
@Saga
@ProcessingGroup(AnnotationQcProcess.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class AnnotationQcProcess {

    static final String PROCESSING_GROUP = "annotation-qc";

    @JsonIgnore
    private transient CommandGateway commands;

    private String tenantId;
    private boolean preLabeled;
    private Set<String> results = new HashSet<>();
    private Set<String> approved = new HashSet<>();

    @Autowired
    void setCommands(CommandGateway commands) {
        this.commands = commands;
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "taskId")
    void on(PreLabelingStartedEvent event) {
        tenantId = event.tenantId();
    }

    @SagaEventHandler(associationProperty = "taskId")
    void on(AnnotationResultCreatedEvent event) {
        results.add(event.resultId().value());
    }

    @SagaEventHandler(associationProperty = "taskId")
    void on(PreLabelingCompletedEvent event) {
        preLabeled = true;
        event.resultIds().forEach(id -> results.add(id.value()));
        completeWhenAllApproved(event.taskId());
    }

    @SagaEventHandler(associationProperty = "taskId")
    void on(AnnotationApprovedEvent event) {
        approved.add(event.resultId().value());
        completeWhenAllApproved(event.taskId());
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "taskId")
    void on(AnnotationTaskCompletedEvent event) {
    }

    private void completeWhenAllApproved(AnnotationTaskId taskId) {
        if (preLabeled && !results.isEmpty() && approved.containsAll(results)) {
            commands.sendAndWait(new CompleteAnnotationTaskCommand(taskId, tenantId));
        }
    }
}
