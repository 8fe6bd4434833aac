package io.fleetloop.command.ota.ddi;

import io.fleetloop.api.ota.ActionKind;
import io.fleetloop.api.ota.ArtifactRef;
import io.fleetloop.api.ota.DeploymentBatchStartedEvent;
import io.fleetloop.api.ota.DeviceActionCanceledEvent;
import io.fleetloop.api.ota.DeviceActionProgressedEvent;
import io.fleetloop.api.ota.DeviceRollbackReportedEvent;
import io.fleetloop.api.ota.DeviceUpdateReportedEvent;
import io.fleetloop.api.ota.GrayPolicy;
import io.fleetloop.api.ota.MaintenanceWindow;
import io.fleetloop.api.ota.ReleaseModule;
import io.fleetloop.api.ota.ReleaseTaskCreatedEvent;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.RollbackTriggeredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Keeps the command side's DDI tables ({@code ddi_release}, {@code ddi_release_module}, {@code ddi_software_module},
 * {@code ddi_action}): what
 * the device endpoints serve and what a new release looks up. Subscribing, so a device polls what the command just
 * decided. Action statuses: ASSIGNED → RUNNING (a hawkBit progress execution) → SUCCEEDED | FAILED; an update still
 * open when its release is rolled back becomes CANCELING until the device confirms (CANCELED).
 */
@Component
@ProcessingGroup(DdiLookupTables.PROCESSING_GROUP)
class DdiLookupTables {

    static final String PROCESSING_GROUP = "ddi-lookup";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    DdiLookupTables(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    @EventHandler
    void on(ReleaseTaskCreatedEvent event) {
        int moduleId = module(event.tenantId(), event.versionId(), event.artifact());
        Integer previousModule = event.previousArtifact() == null ? null : module(event.tenantId(), event.previousVersionId(), event.previousArtifact());
        GrayPolicy policy = event.grayPolicy();
        MaintenanceWindow window = policy == null ? null : policy.maintenanceWindow();
        jdbc.sql("""
                insert into ddi_release (task_id, tenant_id, version_id, release_type, device_type, module_id, previous_version_id,
                    previous_module_id, release_counter, download_handling, update_handling, maintenance_schedule, maintenance_duration,
                    maintenance_timezone) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (task_id) do nothing""")
                .params(event.taskId().value(), event.tenantId(), event.versionId(), event.releaseType().name(), event.targetDeviceType().name(),
                        moduleId, event.previousVersionId(), previousModule, event.createdAt().toEpochMilli(),
                        policy == null ? null : policy.effectiveDownload(), policy == null ? null : policy.effectiveUpdate(),
                        window == null ? null : window.schedule(), window == null ? null : window.duration(), window == null ? null : window.timezone())
                .update();
        List<ReleaseModule> modules = event.moduleList();
        for (int i = 0; i < modules.size(); i++) {
            ReleaseModule module = modules.get(i);
            jdbc.sql("""
                    insert into ddi_release_module (task_id, position, module_id, part, name, version_id) values (?, ?, ?, ?, ?, ?)
                    on conflict (task_id, position) do nothing""")
                    .params(event.taskId().value(), i + 1, module(event.tenantId(), module.versionId(), module.artifact()), module.part(),
                            module.name(), module.versionId())
                    .update();
        }
    }

    /** One software module per artifact of the tenant; its id, like an action's, fits an int. */
    private int module(String tenantId, String versionId, ArtifactRef artifact) {
        return jdbc.sql("""
                insert into ddi_software_module (tenant_id, module_id, version_id, artifact_uri, filename, size_bytes, sha256, sha1, md5)
                values (?, nextval('ddi_module_id'), ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, artifact_uri) do update set size_bytes = excluded.size_bytes, sha256 = excluded.sha256,
                    sha1 = excluded.sha1, md5 = excluded.md5
                returning module_id""")
                .params(tenantId, versionId, artifact.uri(), artifact.filename(), artifact.sizeBytes(), artifact.sha256(),
                        artifact.sha1() == null ? "" : artifact.sha1(), artifact.md5() == null ? "" : artifact.md5())
                .query(Integer.class).single();
    }

    @EventHandler
    void on(DeploymentBatchStartedEvent event) {
        Release release = release(event.taskId());
        assign(event.taskId(), event.tenantId(), event.batchId().value(), event.deviceIds(), event.actionIds(), ActionKind.UPDATE,
                release.versionId, release.moduleId, release.counter, event.startedAt());
    }

    @EventHandler
    void on(RollbackTriggeredEvent event) {
        Release release = release(event.taskId());
        jdbc.sql("""
                update ddi_action set status = 'CANCELING', updated_at = ?
                where task_id = ? and kind = 'UPDATE' and status in ('ASSIGNED', 'RUNNING')""")
                .params(Timestamp.from(event.triggeredAt()), event.taskId().value()).update();
        if (release.previousModuleId != null) {
            assign(event.taskId(), event.tenantId(), null, event.deviceIds(), event.actionIds(), ActionKind.ROLLBACK, event.previousVersionId(),
                    release.previousModuleId, event.triggeredAt().toEpochMilli(), event.triggeredAt());
        }
    }

    private void assign(ReleaseTaskId taskId, String tenantId, String batchId, List<String> devices, List<Integer> actionIds, ActionKind kind,
                        String versionId, int moduleId, long counter, Instant at) {
        if (actionIds == null || actionIds.size() != devices.size()) {
            throw new IllegalStateException("the event of " + taskId + " has no action id for each device");
        }
        Timestamp ts = Timestamp.from(at);
        List<Integer> rows = IntStream.range(0, devices.size()).boxed().toList();
        batch.batchUpdate("""
                        insert into ddi_action (action_id, tenant_id, device_id, task_id, batch_id, kind, version_id, module_id, release_counter,
                            status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ASSIGNED', ?, ?) on conflict do nothing""",
                rows, 2000, (statement, i) -> {
                    statement.setInt(1, actionIds.get(i));
                    statement.setString(2, tenantId);
                    statement.setString(3, devices.get(i));
                    statement.setString(4, taskId.value());
                    statement.setString(5, batchId);
                    statement.setString(6, kind.name());
                    statement.setString(7, versionId);
                    statement.setInt(8, moduleId);
                    statement.setLong(9, counter);
                    statement.setTimestamp(10, ts);
                    statement.setTimestamp(11, ts);
                });
    }

    @EventHandler
    void on(DeviceActionProgressedEvent event) {
        jdbc.sql("""
                update ddi_action set status = case when status = 'CANCELING' and ? <> 'rejected-cancel' then status else 'RUNNING' end,
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
                update ddi_action set status = 'CANCELED', last_execution = 'canceled', detail = ?, updated_at = ?
                where task_id = ? and device_id = ? and kind = 'UPDATE'""")
                .params(event.detail(), Timestamp.from(event.canceledAt()), event.taskId().value(), event.deviceId()).update();
    }

    private void finish(ReleaseTaskId taskId, String deviceId, ActionKind kind, boolean success, String detail, Instant at) {
        jdbc.sql("""
                update ddi_action set status = ?, last_execution = 'closed', detail = ?, updated_at = ?
                where task_id = ? and device_id = ? and kind = ?""")
                .params(success ? "SUCCEEDED" : "FAILED", detail, Timestamp.from(at), taskId.value(), deviceId, kind.name()).update();
    }

    private record Release(String versionId, int moduleId, Integer previousModuleId, long counter) {
    }

    private Release release(ReleaseTaskId taskId) {
        return jdbc.sql("select version_id, module_id, previous_module_id, release_counter from ddi_release where task_id = ?").param(taskId.value())
                .query((rs, n) -> new Release(rs.getString(1), rs.getInt(2), (Integer) rs.getObject(3), rs.getLong(4))).single();
    }
}
