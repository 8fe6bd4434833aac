package io.fleetloop.projections.metering;

import io.fleetloop.api.annotation.DatasetExportedEvent;
import io.fleetloop.api.behavior.FeedbackDecisionMadeEvent;
import io.fleetloop.api.ingestion.ObjectIngestedEvent;
import io.fleetloop.api.ota.DeviceUpdateReportedEvent;
import io.fleetloop.api.ota.ReleaseTaskCreatedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * What the loop produced, for the ROI: assets ingested (new content), datasets exported, model versions released,
 * devices updated (successful results) and problem samples resolved (in a feedback decision). One row per event.
 */
@Component
@ProcessingGroup("loop-outcomes")
class LoopOutcomeProjection {

    private final JdbcClient jdbc;

    LoopOutcomeProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ObjectIngestedEvent event, EventMessage<?> message) {
        if (!event.duplicate()) record(message, event.tenantId(), "ASSETS_INGESTED", 1);
    }

    @EventHandler
    void on(DatasetExportedEvent event, EventMessage<?> message) {
        record(message, event.tenantId(), "DATASETS_EXPORTED", 1);
    }

    @EventHandler
    void on(ReleaseTaskCreatedEvent event, EventMessage<?> message) {
        record(message, event.tenantId(), "MODEL_VERSIONS_RELEASED", 1);
    }

    @EventHandler
    void on(DeviceUpdateReportedEvent event, EventMessage<?> message) {
        if (event.success()) record(message, event.tenantId(), "DEVICES_UPDATED", 1);
    }

    @EventHandler
    void on(FeedbackDecisionMadeEvent event, EventMessage<?> message) {
        record(message, event.tenantId(), "PROBLEM_SAMPLES_RESOLVED", event.sampleIds().size());
    }

    private void record(EventMessage<?> message, String tenantId, String kind, int quantity) {
        jdbc.sql("insert into loop_outcome (event_id, tenant_id, kind, quantity, at) values (?, ?, ?, ?, ?) on conflict (event_id) do nothing")
                .params(message.getIdentifier(), tenantId, kind, quantity, Timestamp.from(message.getTimestamp())).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from loop_outcome").update();
    }
}
