package io.fleetloop.command.ota.ddi;

import io.fleetloop.api.ota.ActionKind;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.MaintenanceWindow;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.ReleaseType;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the device actions and software modules that DDI serves, from the command side's own tables (kept by the
 * subscribing {@link DdiLookupTables}). An id in a device's URL is the action's or module's id, or the 53-bit id it
 * had before ids were allocated (legacy, still held by devices that polled before the upgrade).
 */
@Component
class DdiActions {

    record Action(int actionId, ReleaseTaskId taskId, ActionKind kind, String versionId, int moduleId, long releaseCounter, String status,
                  String lastExecution, String detail, ReleaseType releaseType, DeviceType deviceType, Instant createdAt, Instant updatedAt,
                  String download, String update, MaintenanceWindow maintenanceWindow) {
    }

    record Module(int moduleId, String versionId, String artifactUri, String filename, long sizeBytes, String sha256, String sha1, String md5) {
    }

    /** A module as a chunk of an action: hawkBit chunk part, name and version (the release's record of it), then the module. */
    record ReleaseModule(String part, String name, String version, Module module) {
    }

    private static final String SELECT = """
            select a.action_id, a.task_id, a.kind, a.version_id, a.module_id, a.release_counter, a.status, a.last_execution, a.detail,
                   r.release_type, r.device_type, a.created_at, a.updated_at, r.download_handling, r.update_handling,
                   r.maintenance_schedule, r.maintenance_duration, r.maintenance_timezone
            from ddi_action a join ddi_release r on r.task_id = a.task_id
            """;
    private static final RowMapper<Action> ACTION = (rs, n) -> new Action(rs.getInt(1), new ReleaseTaskId(rs.getString(2)),
            ActionKind.valueOf(rs.getString(3)), rs.getString(4), rs.getInt(5), rs.getLong(6), rs.getString(7), rs.getString(8),
            rs.getString(9), ReleaseType.valueOf(rs.getString(10)), DeviceType.valueOf(rs.getString(11)), rs.getTimestamp(12).toInstant(),
            rs.getTimestamp(13).toInstant(), rs.getString(14), rs.getString(15),
            rs.getString(16) == null ? null : new MaintenanceWindow(rs.getString(16), rs.getString(17), rs.getString(18)));

    private static final String MODULE = "select m.module_id, m.version_id, m.artifact_uri, m.filename, m.size_bytes, m.sha256, m.sha1, m.md5 "
            + "from ddi_software_module m ";
    private static final RowMapper<Module> MODULE_ROW = (rs, n) -> new Module(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8));

    private final JdbcClient jdbc;

    DdiActions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the device must do next: stop an update whose release was rolled back, else the newest open action. */
    Optional<Action> next(String tenantId, String deviceId) {
        return jdbc.sql(SELECT + """
                         where a.tenant_id = ? and a.device_id = ? and a.status in ('CANCELING', 'ASSIGNED', 'RUNNING')
                         order by case when a.status = 'CANCELING' then 0 else 1 end, a.created_at desc, a.kind desc limit 1""")
                .params(tenantId, deviceId).query(ACTION).optional();
    }

    /** What a base poll needs, {@link #next} and {@link #installed}, in one round trip. */
    record Current(Optional<Action> next, Optional<Action> installed) {
    }

    Current current(String tenantId, String deviceId) {
        String next = SELECT.replace("\nfrom ddi_action", ", 0 as which\nfrom ddi_action");
        String installed = SELECT.replace("\nfrom ddi_action", ", 1 as which\nfrom ddi_action");
        List<Map.Entry<Integer, Action>> rows = jdbc.sql("(" + next + """
                         where a.tenant_id = ? and a.device_id = ? and a.status in ('CANCELING', 'ASSIGNED', 'RUNNING')
                         order by case when a.status = 'CANCELING' then 0 else 1 end, a.created_at desc, a.kind desc limit 1)
                        union all (""" + installed + """
                         where a.tenant_id = ? and a.device_id = ? and a.status = 'SUCCEEDED' order by a.updated_at desc limit 1)""")
                .params(tenantId, deviceId, tenantId, deviceId)
                .query((rs, n) -> Map.entry(rs.getInt(19), ACTION.mapRow(rs, n))).list();
        Optional<Action> nextAction = rows.stream().filter(e -> e.getKey() == 0).map(Map.Entry::getValue).findFirst();
        Optional<Action> installedAction = rows.stream().filter(e -> e.getKey() == 1).map(Map.Entry::getValue).findFirst();
        return new Current(nextAction, installedAction);
    }

    /** The action that installed what the device runs now: its newest successful one (hawkBit's installedBase). */
    Optional<Action> installed(String tenantId, String deviceId) {
        return jdbc.sql(SELECT + " where a.tenant_id = ? and a.device_id = ? and a.status = 'SUCCEEDED' order by a.updated_at desc limit 1")
                .params(tenantId, deviceId).query(ACTION).optional();
    }

    Optional<Action> find(String tenantId, String deviceId, long actionId) {
        Optional<Action> current = actionId <= Integer.MAX_VALUE
                ? jdbc.sql(SELECT + " where a.action_id = ? and a.tenant_id = ? and a.device_id = ?").params(actionId, tenantId, deviceId)
                .query(ACTION).optional()
                : Optional.empty();
        return current.or(() -> jdbc.sql(SELECT + " where a.legacy_id = ? and a.tenant_id = ? and a.device_id = ?").params(actionId, tenantId, deviceId)
                .query(ACTION).optional());
    }

    Optional<Module> module(String tenantId, int moduleId) {
        return jdbc.sql(MODULE + " where m.tenant_id = ? and m.module_id = ?").params(tenantId, moduleId).query(MODULE_ROW).optional();
    }

    /** The further modules an update action ships after its main one, in order (none for a rollback: it restores the main module). */
    List<ReleaseModule> furtherModules(String tenantId, Action action) {
        if (action.kind() != ActionKind.UPDATE) return List.of();
        return jdbc.sql(MODULE.replace("select ", "select rm.part, rm.name, rm.version_id, ") + """
                        join ddi_release_module rm on rm.module_id = m.module_id
                        where rm.task_id = ? and m.tenant_id = ? order by rm.position""")
                .params(action.taskId().value(), tenantId)
                .query((rs, n) -> new ReleaseModule(rs.getString(1), rs.getString(2), rs.getString(3), new Module(rs.getInt(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9), rs.getString(10), rs.getString(11))))
                .list();
    }

    /** The module, if one of the device's actions installs it (as main or further module): a device downloads only what it was given. */
    Optional<Module> moduleOfDevice(String tenantId, String deviceId, long moduleId) {
        String given = " and exists (select 1 from ddi_action a where a.tenant_id = m.tenant_id and a.device_id = ? and (a.module_id = m.module_id"
                + " or a.kind = 'UPDATE' and exists (select 1 from ddi_release_module rm where rm.task_id = a.task_id and rm.module_id = m.module_id)))";
        Optional<Module> current = moduleId <= Integer.MAX_VALUE
                ? jdbc.sql(MODULE + " where m.tenant_id = ? and m.module_id = ?" + given).params(tenantId, moduleId, deviceId).query(MODULE_ROW).optional()
                : Optional.empty();
        return current.or(() -> jdbc.sql(MODULE + " where m.tenant_id = ? and m.legacy_id = ?" + given).params(tenantId, moduleId, deviceId)
                .query(MODULE_ROW).optional());
    }

    private final ContactThrottle contacts = new ContactThrottle(100_000, Duration.ofSeconds(10));

    /**
     * Last contact is telemetry, not domain state: it goes to {@code ddi_device_contact}, a table the DDI code owns
     * (the query side reads it for {@code lastPollAt}), never into an event.
     */
    void polled(String tenantId, String deviceId, Instant at) {
        if (!contacts.shouldWrite(tenantId + "/" + deviceId, at)) return;
        jdbc.sql("""
                insert into ddi_device_contact (tenant_id, device_id, last_poll_at) values (?, ?, ?)
                on conflict (tenant_id, device_id) do update set last_poll_at = excluded.last_poll_at
                where ddi_device_contact.last_poll_at < excluded.last_poll_at - interval '10 seconds'""")
                .params(tenantId, deviceId, Timestamp.from(at)).update();
    }
}
