package io.fleetloop.sagas.annotation;

import io.fleetloop.api.annotation.DatasetExportedEvent;
import io.fleetloop.sagas.common.JobQueue;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts one {@link TrainingWebhook} delivery job per exported dataset version. A class of its own, not a member of
 * the webhook's configuration: Spring registers a configuration's member components without consulting the role
 * filter, so a nested handler ran on command nodes too.
 */
@Component
@ProcessingGroup(TrainingWebhookAnnouncer.PROCESSING_GROUP)
class TrainingWebhookAnnouncer {

    static final String PROCESSING_GROUP = "training-webhook";
    private static final Logger log = LoggerFactory.getLogger(TrainingWebhookAnnouncer.class);

    private final JobQueue jobs;
    private final TrainingWebhook.Delivery delivery;

    TrainingWebhookAnnouncer(JobQueue jobs, TrainingWebhook.Delivery delivery) {
        this.jobs = jobs;
        this.delivery = delivery;
    }

    @EventHandler
    @DisallowReplay
    void on(DatasetExportedEvent event) throws Exception {
        if (!delivery.configured()) return;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "dataset.exported");
        body.put("tenantId", event.tenantId());
        body.put("annotationTaskId", event.taskId().value());
        body.put("datasetAssetId", event.datasetAssetId().value());
        body.put("format", event.format().name());
        body.put("version", event.version());
        body.put("storagePath", event.storagePath());
        body.put("sha256", event.sha256());
        body.put("sizeBytes", event.sizeBytes());
        body.put("resultCount", event.results().size());
        body.put("exportedAt", event.exportedAt().toString());
        String id = event.taskId().value() + "-v" + event.version();
        jobs.start(TrainingWebhook.TASK_NAME, id, body);
        log.debug("Training webhook scheduled for dataset {}", id);
    }
}
