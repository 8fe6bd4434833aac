package io.fleetloop.projections.ota;

import io.fleetloop.api.ota.ActionKind;
import io.fleetloop.api.ota.DeploymentBatchStartedEvent;
import io.fleetloop.api.ota.DeviceActionCanceledEvent;
import io.fleetloop.api.ota.DeviceActionProgressedEvent;
import io.fleetloop.api.ota.DeviceRollbackReportedEvent;
import io.fleetloop.api.ota.DeviceUpdateReportedEvent;
import io.fleetloop.api.ota.ReleaseTaskCreatedEvent;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.RollbackTriggeredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Each device's action history for {@code GET /v1/devices/{id}/actions} ({@code device_action_view}; {@code ota_release}
 * holds what a batch's actions install). The query side's copy: the DDI endpoints serve from the command side's own
 * {@code ddi_action}. Action statuses: ASSIGNED → RUNNING (a recorded progress stage) → SUCCEEDED | FAILED; an update
 * still open when its release is rolled back becomes CANCELING until the device confirms (CANCELED).
 */
@Component
@ProcessingGroup(DeviceActionProjection.PROCESSING_GROUP)
class DeviceActionProjection {

    static final String PROCESSING_GROUP = "ota-actions";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    DeviceActionProjection(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    @EventHandler
    void on(ReleaseTaskCreatedEvent event) {
        jdbc.sql("""
                insert into ota_release (task_id, tenant_id, version_id, release_type, device_type, previous_version_id, release_counter)
                values (?, ?, ?, ?, ?, ?, ?) on conflict (task_id) do nothing""")
                .params(event.taskId().value(), event.tenantId(), event.versionId(), event.releaseType().name(), event.targetDeviceType().name(),
                        event.previousVersionId(), event.createdAt().toEpochMilli())
                .update();
    }

    @EventHandler
    void on(DeploymentBatchStartedEvent event) {
        Release release = release(event.taskId());
        assign(event.taskId(), event.tenantId(), event.deviceIds(), event.actionIds(), ActionKind.UPDATE, release.versionId, release.counter,
                event.startedAt());
    }

    @EventHandler
    void on(RollbackTriggeredEvent event) {
        jdbc.sql("""
                update device_action_view set status = 'CANCELING', updated_at = ?
                where task_id = ? and kind = 'UPDATE' and status in ('ASSIGNED', 'RUNNING')""")
                .params(Timestamp.from(event.triggeredAt()), event.taskId().value()).update();
        assign(event.taskId(), event.tenantId(), event.deviceIds(), event.actionIds(), ActionKind.ROLLBACK, event.previousVersionId(),
                event.triggeredAt().toEpochMilli(), event.triggeredAt());
    }

    private void assign(ReleaseTaskId taskId, String tenantId, List<String> devices, List<Integer> actionIds, ActionKind kind, String versionId,
                        long counter, Instant at) {
        if (actionIds == null) return; // an old event whose actions the upgrade did not know (see LegacyActionIdUpcaster)
        Timestamp ts = Timestamp.from(at);
        batch.batchUpdate("""
                        insert into device_action_view (action_id, tenant_id, device_id, task_id, kind, version_id, release_counter,
                            status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, 'ASSIGNED', ?, ?) on conflict do nothing""",
                IntStream.range(0, devices.size()).boxed().toList(), 2000, (statement, i) -> {
                    statement.setInt(1, actionIds.get(i));
                    statement.setString(2, tenantId);
                    statement.setString(3, devices.get(i));
                    statement.setString(4, taskId.value());
                    statement.setString(5, kind.name());
                    statement.setString(6, versionId);
                    statement.setLong(7, counter);
                    statement.setTimestamp(8, ts);
                    statement.setTimestamp(9, ts);
                });
    }

    @EventHandler
    void on(DeviceActionProgressedEvent event) {
        jdbc.sql("""
                update device_action_view set status = case when status = 'CANCELING' and ? <> 'rejected-cancel' then status else 'RUNNING' end,
                    last_execution = ?, detail = ?, updated_at = ?
                where task_id = ? and device_id = ? and kind = ? and status in ('ASSIGNED', 'RUNNING', 'CANCELING')""")
                .params(event.execution(), event.execution(), event.detail(), Timestamp.from(event.reportedAt()), event.taskId().value(),
                        event.deviceId(), event.kind().name())
                .update();
    }

    @EventHandler
    void on(DeviceUpdateReportedEvent event) {
        finish(event.taskId(), event.deviceId(), ActionKind.UPDATE, event.success(), event.detail(), event.reportedAt());
    }

    @EventHandler
    void on(DeviceRollbackReportedEvent event) {
        finish(event.taskId(), event.deviceId(), ActionKind.ROLLBACK, event.success(), event.detail(), event.reportedAt());
    }

    @EventHandler
    void on(DeviceActionCanceledEvent event) {
        jdbc.sql("""
                update device_action_view set status = 'CANCELED', last_execution = 'canceled', detail = ?, updated_at = ?
                where task_id = ? and device_id = ? and kind = 'UPDATE'""")
                .params(event.detail(), Timestamp.from(event.canceledAt()), event.taskId().value(), event.deviceId()).update();
    }

    private void finish(ReleaseTaskId taskId, String deviceId, ActionKind kind, boolean success, String detail, Instant at) {
        jdbc.sql("""
                update device_action_view set status = ?, last_execution = 'closed', detail = ?, updated_at = ?
                where task_id = ? and device_id = ? and kind = ?""")
                .params(success ? "SUCCEEDED" : "FAILED", detail, Timestamp.from(at), taskId.value(), deviceId, kind.name()).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from device_action_view").update();
        jdbc.sql("delete from ota_release").update();
    }

    private record Release(String versionId, long counter) {
    }

    private Release release(ReleaseTaskId taskId) {
        return jdbc.sql("select version_id, release_counter from ota_release where task_id = ?").param(taskId.value())
                .query((rs, n) -> new Release(rs.getString(1), rs.getLong(2))).single();
    }
}
