package io.fleetloop.projections.ota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.ota.DeviceAttributesUpdatedEvent;
import io.fleetloop.api.ota.DeviceRegisteredEvent;
import io.fleetloop.api.ota.DeviceRollbackReportedEvent;
import io.fleetloop.api.ota.DeviceUpdateReportedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The device registry ({@code device_view}), its only writer: registrations, reported attributes and the version each
 * device runs. Subscribing, so a registration and its row commit together.
 * <p>
 * A bulk registration publishes thousands of {@link DeviceRegisteredEvent}s in one unit of work. Their rows are
 * collected and written with one JDBC batch when the processor's unit of work prepares to commit, which is still inside
 * the registering command's transaction: the table stays exactly as current as the event store, without a database
 * round trip per device. Anything else written for a device first writes the rows collected so far, so the order of
 * the events is kept.
 */
@Component
@ProcessingGroup("device-registry")
class DeviceProjection {

    private static final String INSERT = """
            insert into device_view (tenant_id, device_id, device_type, attributes, installed_version, token_sha256, registered_at, updated_at)
            values (?, ?, ?, cast(? as jsonb), ?, ?, ?, ?) on conflict (tenant_id, device_id) do nothing""";
    private static final String PENDING = DeviceProjection.class.getName() + ".pendingRegistrations";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final ObjectMapper json;

    DeviceProjection(JdbcClient jdbc, JdbcTemplate batch, ObjectMapper json) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
    }

    @EventHandler
    void on(DeviceRegisteredEvent event) throws JsonProcessingException {
        Object[] row = {event.tenantId(), event.deviceId(), event.deviceType().name(), json.writeValueAsString(event.attributes()),
                event.installedVersion(), event.securityTokenSha256(), Timestamp.from(event.registeredAt()), Timestamp.from(event.registeredAt())};
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().phase() == UnitOfWork.Phase.STARTED) {
            pending(CurrentUnitOfWork.get()).add(row);
        } else {
            batch.update(INSERT, ps -> set(ps, row));
        }
    }

    @EventHandler
    void on(DeviceAttributesUpdatedEvent event) throws JsonProcessingException {
        flushPending();
        jdbc.sql("update device_view set attributes = cast(? as jsonb), attributes_reported = true, updated_at = ? where tenant_id = ? and device_id = ?")
                .params(json.writeValueAsString(event.attributes()), Timestamp.from(event.updatedAt()), event.tenantId(), event.deviceId())
                .update();
    }

    @EventHandler
    void on(DeviceUpdateReportedEvent event) {
        if (event.success()) installed(event.tenantId(), event.deviceId(), event.versionId(), event.reportedAt());
    }

    @EventHandler
    void on(DeviceRollbackReportedEvent event) {
        if (event.success()) installed(event.tenantId(), event.deviceId(), event.versionId(), event.reportedAt());
    }

    /** The version a device runs follows its successful updates and rollbacks. */
    private void installed(String tenantId, String deviceId, String versionId, Instant at) {
        if (versionId == null) return;
        flushPending();
        jdbc.sql("update device_view set installed_version = ?, updated_at = ? where tenant_id = ? and device_id = ?")
                .params(versionId, Timestamp.from(at), tenantId, deviceId).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from device_view").update();
    }

    /** The rows of this unit of work not written yet; the first call registers their flush at prepare-commit. */
    private List<Object[]> pending(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(PENDING, key -> {
            List<Object[]> rows = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> write(rows));
            return rows;
        });
    }

    private void flushPending() {
        if (!CurrentUnitOfWork.isStarted()) return;
        List<Object[]> rows = CurrentUnitOfWork.get().getResource(PENDING);
        if (rows != null) write(rows);
    }

    private void write(List<Object[]> rows) {
        if (rows.isEmpty()) return;
        batch.batchUpdate(INSERT, rows, rows.size(), DeviceProjection::set);
        rows.clear();
    }

    private static void set(PreparedStatement statement, Object[] row) throws SQLException {
        for (int i = 0; i < 6; i++) statement.setString(i + 1, (String) row[i]);
        statement.setTimestamp(7, (Timestamp) row[6]);
        statement.setTimestamp(8, (Timestamp) row[7]);
    }
}
