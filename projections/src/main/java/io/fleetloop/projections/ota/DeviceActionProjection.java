package io.fleetloop.projections.ota;

import io.fleetloop.api.ota.ActionKind;
import io.fleetloop.api.ota.ArtifactRef;
import io.fleetloop.api.ota.DeploymentBatchStartedEvent;
import io.fleetloop.api.ota.DeviceActionCanceledEvent;
import io.fleetloop.api.ota.DeviceActionProgressedEvent;
import io.fleetloop.api.ota.DeviceRollbackReportedEvent;
import io.fleetloop.api.ota.DeviceUpdateReportedEvent;
import io.fleetloop.api.ota.OtaIds;
import io.fleetloop.api.ota.GrayPolicy;
import io.fleetloop.api.ota.MaintenanceWindow;
import io.fleetloop.api.ota.ReleaseTaskCreatedEvent;
import io.fleetloop.api.ota.RollbackTriggeredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The device actions the DDI endpoints serve, and the version each device runs. Subscribing: written in the
 * transaction of the command that decided them, so a device polls what was just decided. Action statuses:
 * ASSIGNED → RUNNING (a hawkBit progress execution) → SUCCEEDED | FAILED; an update still open when its release
 * is rolled back becomes CANCELING until the device confirms (CANCELED).
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
        long moduleId = module(event.tenantId(), event.versionId(), event.artifact());
        Long previousModule = event.previousArtifact() == null ? null : module(event.tenantId(), event.previousVersionId(), event.previousArtifact());
        GrayPolicy policy = event.grayPolicy();
        MaintenanceWindow window = policy == null ? null : policy.maintenanceWindow();
        jdbc.sql("""
                insert into ota_release (task_id, tenant_id, version_id, release_type, device_type, module_id, previous_version_id,
                    previous_module_id, release_counter, download_handling, update_handling, maintenance_schedule, maintenance_duration,
                    maintenance_timezone) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (task_id) do nothing""")
                .params(event.taskId().value(), event.tenantId(), event.versionId(), event.releaseType().name(), event.targetDeviceType().name(),
                        moduleId, event.previousVersionId(), previousModule, event.createdAt().toEpochMilli(),
                        policy == null ? null : policy.effectiveDownload(), policy == null ? null : policy.effectiveUpdate(),
                        window == null ? null : window.schedule(), window == null ? null : window.duration(), window == null ? null : window.timezone())
                .update();
    }

    private long module(String tenantId, String versionId, ArtifactRef artifact) {
        long moduleId = OtaIds.moduleId(tenantId, artifact.uri());
        jdbc.sql("""
                insert into ota_software_module (tenant_id, module_id, version_id, artifact_uri, filename, size_bytes, sha256, sha1, md5)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, module_id) do update set size_bytes = excluded.size_bytes, sha256 = excluded.sha256,
                    sha1 = excluded.sha1, md5 = excluded.md5""")
                .params(tenantId, moduleId, versionId, artifact.uri(), artifact.filename(), artifact.sizeBytes(), artifact.sha256(),
                        artifact.sha1() == null ? "" : artifact.sha1(), artifact.md5() == null ? "" : artifact.md5())
                .update();
        return moduleId;
    }

    @EventHandler
    void on(DeploymentBatchStartedEvent event) {
        Release release = release(event.taskId().value());
        assign(event.taskId().value(), event.tenantId(), event.deviceIds(), ActionKind.UPDATE, release.versionId, release.moduleId,
                release.counter, event.startedAt());
    }

    @EventHandler
    void on(RollbackTriggeredEvent event) {
        Release release = release(event.taskId().value());
        Timestamp at = Timestamp.from(event.triggeredAt());
        jdbc.sql("""
                update device_action_view set status = 'CANCELING', updated_at = ?
                where task_id = ? and kind = 'UPDATE' and status in ('ASSIGNED', 'RUNNING')""")
                .params(at, event.taskId().value()).update();
        if (release.previousModuleId != null) {
            assign(event.taskId().value(), event.tenantId(), event.deviceIds(), ActionKind.ROLLBACK, event.previousVersionId(),
                    release.previousModuleId, event.triggeredAt().toEpochMilli(), event.triggeredAt());
        }
    }

    private void assign(String taskId, String tenantId, List<String> devices, ActionKind kind, String versionId, long moduleId, long counter,
                        Instant at) {
        Timestamp ts = Timestamp.from(at);
        io.fleetloop.api.ota.ReleaseTaskId id = new io.fleetloop.api.ota.ReleaseTaskId(taskId);
        batch.batchUpdate("""
                        insert into device_action_view (action_id, tenant_id, device_id, task_id, kind, version_id, module_id, release_counter,
                            status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'ASSIGNED', ?, ?) on conflict (action_id) do nothing""",
                devices, 2000, (statement, device) -> {
                    statement.setLong(1, OtaIds.actionId(id, device, kind));
                    statement.setString(2, tenantId);
                    statement.setString(3, device);
                    statement.setString(4, taskId);
                    statement.setString(5, kind.name());
                    statement.setString(6, versionId);
                    statement.setLong(7, moduleId);
                    statement.setLong(8, counter);
                    statement.setTimestamp(9, ts);
                    statement.setTimestamp(10, ts);
                });
    }

    @EventHandler
    void on(DeviceActionProgressedEvent event) {
        jdbc.sql("""
                update device_action_view set status = case when status = 'CANCELING' and ? <> 'rejected-cancel' then status else 'RUNNING' end,
                    last_execution = ?, detail = ?, updated_at = ? where action_id = ?""")
                .params(event.execution(), event.execution(), event.detail(), Timestamp.from(event.reportedAt()),
                        OtaIds.actionId(event.taskId(), event.deviceId(), event.kind()))
                .update();
    }

    @EventHandler
    void on(DeviceUpdateReportedEvent event) {
        finish(OtaIds.actionId(event.taskId(), event.deviceId(), ActionKind.UPDATE), event.success(), event.detail(), event.reportedAt());
        if (event.success()) installed(event.tenantId(), event.deviceId(), event.versionId(), event.reportedAt());
    }

    @EventHandler
    void on(DeviceRollbackReportedEvent event) {
        finish(OtaIds.actionId(event.taskId(), event.deviceId(), ActionKind.ROLLBACK), event.success(), event.detail(), event.reportedAt());
        if (event.success()) installed(event.tenantId(), event.deviceId(), event.versionId(), event.reportedAt());
    }

    @EventHandler
    void on(DeviceActionCanceledEvent event) {
        jdbc.sql("update device_action_view set status = 'CANCELED', last_execution = 'canceled', detail = ?, updated_at = ? where action_id = ?")
                .params(event.detail(), Timestamp.from(event.canceledAt()), OtaIds.actionId(event.taskId(), event.deviceId(), ActionKind.UPDATE))
                .update();
    }

    private void finish(long actionId, boolean success, String detail, Instant at) {
        jdbc.sql("update device_action_view set status = ?, last_execution = 'closed', detail = ?, updated_at = ? where action_id = ?")
                .params(success ? "SUCCEEDED" : "FAILED", detail, Timestamp.from(at), actionId).update();
    }

    private void installed(String tenantId, String deviceId, String versionId, Instant at) {
        if (versionId == null) return;
        jdbc.sql("update device_view set installed_version = ?, updated_at = ? where tenant_id = ? and device_id = ?")
                .params(versionId, Timestamp.from(at), tenantId, deviceId).update();
    }

    private record Release(String versionId, long moduleId, Long previousModuleId, long counter) {
    }

    private Release release(String taskId) {
        return jdbc.sql("select version_id, module_id, previous_module_id, release_counter from ota_release where task_id = ?").param(taskId)
                .query((rs, n) -> new Release(rs.getString(1), rs.getLong(2), (Long) rs.getObject(3), rs.getLong(4))).single();
    }
}
