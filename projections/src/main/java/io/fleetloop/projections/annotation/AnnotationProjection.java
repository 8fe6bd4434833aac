package io.fleetloop.projections.annotation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.annotation.AnnotationApprovedEvent;
import io.fleetloop.api.annotation.AnnotationCorrectedEvent;
import io.fleetloop.api.annotation.AnnotationRejectedEvent;
import io.fleetloop.api.annotation.AnnotationResultCreatedEvent;
import io.fleetloop.api.annotation.AnnotationTaskCompletedEvent;
import io.fleetloop.api.annotation.AnnotationTaskCreatedEvent;
import io.fleetloop.api.annotation.PreLabelConfig;
import io.fleetloop.api.annotation.PreLabelingCompletedEvent;
import io.fleetloop.api.annotation.PreLabelingFailedEvent;
import io.fleetloop.api.annotation.PreLabelingStartedEvent;
import io.fleetloop.api.annotation.ReviewQueue;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Annotation tasks with their progress, and results with their QC queue. Token and read model share a
 * transaction, so every event applies exactly once and the counters simply add up.
 */
@Component
@ProcessingGroup("annotation-tasks")
class AnnotationProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    AnnotationProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(AnnotationTaskCreatedEvent event) {
        PreLabelConfig preLabel = event.preLabelConfig();
        String labeler = preLabel.labeler() == PreLabelConfig.Labeler.HTTP ? "HTTP " + preLabel.endpoint() : preLabel.labeler().name();
        jdbc.sql("""
                insert into annotation_task_view (task_id, tenant_id, name, status, annotation_type, labeler, asset_count, origin, created_at)
                values (?, ?, ?, 'CREATED', ?, ?, ?, ?, ?) on conflict (task_id) do nothing""")
                .params(event.taskId().value(), event.tenantId(), event.name(), event.annotationType().name(), labeler,
                        event.assetIds().size(), event.origin(), Timestamp.from(event.createdAt()))
                .update();
    }

    @EventHandler
    void on(PreLabelingStartedEvent event) {
        jdbc.sql("update annotation_task_view set status = 'PRELABELING', attempt = ?, error_message = null where task_id = ?")
                .params(event.attempt(), event.taskId().value()).update();
    }

    @EventHandler
    void on(PreLabelingCompletedEvent event) {
        jdbc.sql("update annotation_task_view set status = 'IN_REVIEW' where task_id = ?").param(event.taskId().value()).update();
    }

    @EventHandler
    void on(PreLabelingFailedEvent event) {
        jdbc.sql("update annotation_task_view set status = 'CREATED', error_message = ? where task_id = ?")
                .params(event.reason(), event.taskId().value()).update();
    }

    @EventHandler
    void on(AnnotationTaskCompletedEvent event) {
        jdbc.sql("update annotation_task_view set status = 'COMPLETED', completed_at = ? where task_id = ?")
                .params(Timestamp.from(event.completedAt()), event.taskId().value()).update();
    }

    @EventHandler
    void on(AnnotationResultCreatedEvent event) throws JsonProcessingException {
        int inserted = jdbc.sql("""
                insert into annotation_result_view (result_id, tenant_id, task_id, asset_id, status, queue, revision, labels, labeler, updated_at)
                values (?, ?, ?, ?, 'PENDING_REVIEW', 'INITIAL', ?, cast(? as jsonb), ?, ?) on conflict (result_id) do nothing""")
                .params(event.resultId().value(), event.tenantId(), event.taskId().value(), event.assetId().value(), event.revision(),
                        json.writeValueAsString(event.labels()), event.labeler(), Timestamp.from(event.createdAt()))
                .update();
        if (inserted == 1) {
            jdbc.sql("update annotation_task_view set result_count = result_count + 1 where task_id = ?").param(event.taskId().value()).update();
        }
    }

    @EventHandler
    void on(AnnotationCorrectedEvent event) throws JsonProcessingException {
        jdbc.sql("""
                update annotation_result_view set status = 'PENDING_REVIEW', queue = ?, revision = ?, labels = cast(? as jsonb),
                    rejection_reason = null, updated_at = ? where result_id = ?""")
                .params(ReviewQueue.RECHECK.name(), event.revision(), json.writeValueAsString(event.labels()),
                        Timestamp.from(event.correctedAt()), event.resultId().value())
                .update();
    }

    @EventHandler
    void on(AnnotationRejectedEvent event) {
        jdbc.sql("update annotation_result_view set status = 'REJECTED', queue = 'CORRECTION', rejection_reason = ?, updated_at = ? where result_id = ?")
                .params(event.reason(), Timestamp.from(event.rejectedAt()), event.resultId().value()).update();
        jdbc.sql("update annotation_task_view set rejected_count = rejected_count + 1 where task_id = ?").param(event.taskId().value()).update();
    }

    @EventHandler
    void on(AnnotationApprovedEvent event) {
        jdbc.sql("update annotation_result_view set status = 'APPROVED', queue = ?, updated_at = ? where result_id = ?")
                .params(event.spotCheck() ? ReviewQueue.SPOT_CHECK.name() : ReviewQueue.DONE.name(), Timestamp.from(event.approvedAt()),
                        event.resultId().value())
                .update();
        jdbc.sql("update annotation_task_view set approved_count = approved_count + 1 where task_id = ?").param(event.taskId().value()).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from annotation_result_view").update();
        jdbc.sql("delete from annotation_task_view").update();
    }
}
