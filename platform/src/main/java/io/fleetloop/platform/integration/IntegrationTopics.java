package io.fleetloop.platform.integration;

import io.fleetloop.api.annotation.AnnotationApprovedEvent;
import io.fleetloop.api.annotation.AnnotationRejectedEvent;
import io.fleetloop.api.annotation.AnnotationTaskCreatedEvent;
import io.fleetloop.api.annotation.DatasetExportedEvent;
import io.fleetloop.api.annotation.PreLabelingCompletedEvent;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataIngestionFailedEvent;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;

import java.util.Map;

/** Seed 000's Kafka topic names, by the event published on each. */
final class IntegrationTopics {

    static final Map<Class<?>, String> BY_EVENT = Map.of(
            DataIngestionStartedEvent.class, "ingestion.started",
            DataIngestionCompletedEvent.class, "ingestion.completed",
            DataIngestionFailedEvent.class, "ingestion.failed",
            MetadataRegisteredEvent.class, "catalog.registered",
            AnnotationTaskCreatedEvent.class, "annotation.task-created",
            PreLabelingCompletedEvent.class, "annotation.prelabel-completed",
            AnnotationApprovedEvent.class, "annotation.approved",
            AnnotationRejectedEvent.class, "annotation.rejected",
            DatasetExportedEvent.class, "annotation.dataset-exported");

    private IntegrationTopics() {
    }
}
