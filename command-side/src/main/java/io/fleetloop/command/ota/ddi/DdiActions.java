package io.fleetloop.command.ota.ddi;

import io.fleetloop.api.ota.ActionKind;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.ReleaseType;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
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
                  String lastExecution, String detail, ReleaseType releaseType, DeviceType deviceType, Instant createdAt, Instant updatedAt) {
    }

    record Module(int moduleId, String versionId, String artifactUri, String filename, long sizeBytes, String sha256, String sha1, String md5) {
    }

    private static final String SELECT = """
            select a.action_id, a.task_id, a.kind, a.version_id, a.module_id, a.release_counter, a.status, a.last_execution, a.detail,
                   r.release_type, r.device_type, a.created_at, a.updated_at
            from ddi_action a join ddi_release r on r.task_id = a.task_id
            """;
    private static final RowMapper<Action> ACTION = (rs, n) -> new Action(rs.getInt(1), new ReleaseTaskId(rs.getString(2)),
            ActionKind.valueOf(rs.getString(3)), rs.getString(4), rs.getInt(5), rs.getLong(6), rs.getString(7), rs.getString(8),
            rs.getString(9), ReleaseType.valueOf(rs.getString(10)), DeviceType.valueOf(rs.getString(11)), rs.getTimestamp(12).toInstant(),
            rs.getTimestamp(13).toInstant());

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

    /** The module, if one of the device's actions installs it: a device downloads only what it was given. */
    Optional<Module> moduleOfDevice(String tenantId, String deviceId, long moduleId) {
        String given = " and exists (select 1 from ddi_action a where a.tenant_id = m.tenant_id and a.device_id = ? and a.module_id = m.module_id)";
        Optional<Module> current = moduleId <= Integer.MAX_VALUE
                ? jdbc.sql(MODULE + " where m.tenant_id = ? and m.module_id = ?" + given).params(tenantId, moduleId, deviceId).query(MODULE_ROW).optional()
                : Optional.empty();
        return current.or(() -> jdbc.sql(MODULE + " where m.tenant_id = ? and m.legacy_id = ?" + given).params(tenantId, moduleId, deviceId)
                .query(MODULE_ROW).optional());
    }

    /**
     * When each recently polling device's last contact was written, so that a device polling every second costs no
     * write per poll. Bounded (least recently polled dropped first): at a million devices an unbounded map would keep
     * every one; a dropped entry only costs one upsert, which the table's own 10-second guard makes a no-op.
     */
    private static final int CONTACTS_REMEMBERED = 100_000;
    private final Map<String, Instant> contactWritten = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > CONTACTS_REMEMBERED;
        }
    };

    /**
     * Last contact is telemetry, not domain state: it goes to {@code ota_device_contact}, a table the DDI code owns
     * (the query side reads it for {@code lastPollAt}), never into an event.
     */
    void polled(String tenantId, String deviceId, Instant at) {
        String key = tenantId + "/" + deviceId;
        synchronized (contactWritten) {
            Instant written = contactWritten.get(key);
            if (written != null && written.isAfter(at.minusSeconds(10))) return;
            contactWritten.put(key, at);
        }
        jdbc.sql("""
                insert into ota_device_contact (tenant_id, device_id, last_poll_at) values (?, ?, ?)
                on conflict (tenant_id, device_id) do update set last_poll_at = excluded.last_poll_at
                where ota_device_contact.last_poll_at < excluded.last_poll_at - interval '10 seconds'""")
                .params(tenantId, deviceId, Timestamp.from(at)).update();
    }
}
