package io.fleetloop.projections.ota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.ota.DeploymentBatchCompletedEvent;
import io.fleetloop.api.ota.DeploymentBatchStartedEvent;
import io.fleetloop.api.ota.DeviceUpdateReportedEvent;
import io.fleetloop.api.ota.OTAClosedLoopCompletedEvent;
import io.fleetloop.api.ota.PlannedBatch;
import io.fleetloop.api.ota.ReleasePausedEvent;
import io.fleetloop.api.ota.ReleaseResumedEvent;
import io.fleetloop.api.ota.RolloutPromotedEvent;
import io.fleetloop.api.ota.ReleaseStartedEvent;
import io.fleetloop.api.ota.ReleaseTaskCreatedEvent;
import io.fleetloop.api.ota.RollbackTriggeredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/** Release tasks with their progress, and their gray batches. Token and read model share a transaction. */
@Component
@ProcessingGroup("release-tasks")
class ReleaseProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    ReleaseProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(ReleaseTaskCreatedEvent event) throws JsonProcessingException {
        jdbc.sql("""
                insert into release_task_view (task_id, tenant_id, release_type, version_id, artifact_uri, artifact_sha256, artifact_size,
                    target_device_type, gray_policy, status, previous_version_id, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), 'DRAFT', ?, ?, ?) on conflict (task_id) do nothing""")
                .params(event.taskId().value(), event.tenantId(), event.releaseType().name(), event.versionId(), event.artifactUri(),
                        event.artifactSha256(), event.artifactSizeBytes(), event.targetDeviceType().name(),
                        json.writeValueAsString(event.grayPolicy()), event.previousVersionId(), ts(event.createdAt()), ts(event.createdAt()))
                .update();
    }

    @EventHandler
    void on(ReleaseStartedEvent event) {
        status(event.taskId().value(), "RUNNING", null, event.startedAt());
        jdbc.sql("update release_task_view set total_devices = ? where task_id = ?").params(event.totalDevices(), event.taskId().value()).update();
        for (PlannedBatch batch : event.batches()) {
            jdbc.sql("""
                    insert into deployment_batch_view (batch_id, tenant_id, task_id, batch_index, percentage, device_count, status)
                    values (?, ?, ?, ?, ?, ?, 'PENDING') on conflict (batch_id) do nothing""")
                    .params(batch.batchId().value(), event.tenantId(), event.taskId().value(), batch.batchIndex(), batch.percentage(),
                            batch.deviceIds().size())
                    .update();
        }
    }

    @EventHandler
    void on(DeploymentBatchStartedEvent event) {
        jdbc.sql("update deployment_batch_view set status = 'DEPLOYING', started_at = ? where batch_id = ?")
                .params(ts(event.startedAt()), event.batchId().value()).update();
    }

    @EventHandler
    void on(DeviceUpdateReportedEvent event) {
        String column = event.success() ? "success_count" : "failure_count";
        jdbc.sql("update deployment_batch_view set " + column + " = " + column + " + 1 where batch_id = ?").param(event.batchId().value()).update();
        jdbc.sql("update release_task_view set " + column + " = " + column + " + 1, updated_at = ? where task_id = ?")
                .params(ts(event.reportedAt()), event.taskId().value()).update();
    }

    @EventHandler
    void on(DeploymentBatchCompletedEvent event) {
        jdbc.sql("update deployment_batch_view set status = ?, silent_count = ?, completed_at = ? where batch_id = ?")
                .params(event.status().name(), event.silentCount(), ts(event.completedAt()), event.batchId().value()).update();
    }

    @EventHandler
    void on(ReleasePausedEvent event) {
        status(event.taskId().value(), "PAUSED", (event.automatic() ? "automatic pause: " : "paused: ") + event.reason(), event.pausedAt());
    }

    /** The rollout gate started the next batch early: the rollout keeps RUNNING, its progress says why and on what evidence. */
    @EventHandler
    void on(RolloutPromotedEvent event) {
        status(event.taskId().value(), "RUNNING", event.reason(), event.promotedAt());
    }

    @EventHandler
    void on(ReleaseResumedEvent event) {
        status(event.taskId().value(), "RUNNING", null, event.resumedAt());
    }

    @EventHandler
    void on(RollbackTriggeredEvent event) {
        status(event.taskId().value(), "ROLLED_BACK", (event.automatic() ? "automatic rollback: " : "rollback: ") + event.reason(),
                event.triggeredAt());
    }

    @EventHandler
    void on(OTAClosedLoopCompletedEvent event) {
        status(event.taskId().value(), "COMPLETED", null, event.completedAt());
    }

    private void status(String taskId, String status, String reason, Instant at) {
        jdbc.sql("update release_task_view set status = ?, status_reason = ?, updated_at = ? where task_id = ?")
                .params(status, reason, ts(at), taskId).update();
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from deployment_batch_view").update();
        jdbc.sql("delete from release_task_view").update();
    }
}
