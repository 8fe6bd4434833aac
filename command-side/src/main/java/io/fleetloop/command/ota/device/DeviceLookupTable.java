package io.fleetloop.command.ota.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.ota.DeviceAttributesUpdatedEvent;
import io.fleetloop.api.ota.DeviceRegisteredEvent;
import io.fleetloop.api.ota.DeviceRollbackReportedEvent;
import io.fleetloop.api.ota.DeviceTokenRevokedEvent;
import io.fleetloop.api.ota.DeviceTokenRotatedEvent;
import io.fleetloop.api.ota.GatewayTokenRevokedEvent;
import io.fleetloop.api.ota.GatewayTokenRotatedEvent;
import io.fleetloop.api.ota.DeviceUpdateReportedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps {@code ddi_device}, the command side's own copy of the registry that {@link DeviceDirectory} reads.
 * Subscribing: written in the registering command's transaction, so it is never behind the event store.
 * <p>
 * A bulk registration publishes thousands of {@link DeviceRegisteredEvent}s in one unit of work; their rows are written
 * with one JDBC batch when the unit of work prepares to commit (still inside the command's transaction). Anything
 * else written for a device first writes the rows collected so far, so the order of the events is kept.
 */
@Component
@ProcessingGroup(DeviceLookupTable.PROCESSING_GROUP)
class DeviceLookupTable {

    static final String PROCESSING_GROUP = "device-lookup";

    private static final String INSERT = """
            insert into ddi_device (tenant_id, device_id, device_type, attributes, installed_version, token_sha256)
            values (?, ?, ?, cast(? as jsonb), ?, ?) on conflict (tenant_id, device_id) do nothing""";
    private static final String PENDING = DeviceLookupTable.class.getName() + ".pendingRegistrations";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final ObjectMapper json;

    DeviceLookupTable(JdbcClient jdbc, JdbcTemplate batch, ObjectMapper json) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
    }

    @EventHandler
    void on(DeviceRegisteredEvent event) throws JsonProcessingException {
        String[] row = {event.tenantId(), event.deviceId(), event.deviceType().name(), json.writeValueAsString(event.attributes()),
                event.installedVersion(), event.securityTokenSha256()};
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().phase() == UnitOfWork.Phase.STARTED) {
            pending(CurrentUnitOfWork.get()).add(row);
        } else {
            batch.update(INSERT, ps -> set(ps, row));
        }
    }

    @EventHandler
    void on(DeviceAttributesUpdatedEvent event) throws JsonProcessingException {
        flushPending();
        jdbc.sql("update ddi_device set attributes = cast(? as jsonb), attributes_reported = true where tenant_id = ? and device_id = ?")
                .params(json.writeValueAsString(event.attributes()), event.tenantId(), event.deviceId()).update();
    }

    @EventHandler
    void on(DeviceTokenRotatedEvent event) {
        flushPending();
        jdbc.sql("update ddi_device set token_sha256 = ? where tenant_id = ? and device_id = ?")
                .params(event.securityTokenSha256(), event.tenantId(), event.deviceId()).update();
    }

    @EventHandler
    void on(DeviceTokenRevokedEvent event) {
        flushPending();
        jdbc.sql("update ddi_device set token_sha256 = null where tenant_id = ? and device_id = ?")
                .params(event.tenantId(), event.deviceId()).update();
    }

    /** A row per tenant that manages its gateway token over the API; a null hash is a revoked token. */
    @EventHandler
    void on(GatewayTokenRotatedEvent event) {
        gatewayToken(event.tenantId(), event.tokenSha256(), event.rotatedAt());
    }

    @EventHandler
    void on(GatewayTokenRevokedEvent event) {
        gatewayToken(event.tenantId(), null, event.revokedAt());
    }

    private void gatewayToken(String tenantId, String sha256, java.time.Instant at) {
        jdbc.sql("""
                insert into ddi_gateway_token (tenant_id, token_sha256, updated_at) values (?, ?, ?)
                on conflict (tenant_id) do update set token_sha256 = excluded.token_sha256, updated_at = excluded.updated_at""")
                .params(tenantId, sha256, java.sql.Timestamp.from(at)).update();
    }

    @EventHandler
    void on(DeviceUpdateReportedEvent event) {
        if (event.success()) installed(event.tenantId(), event.deviceId(), event.versionId());
    }

    @EventHandler
    void on(DeviceRollbackReportedEvent event) {
        if (event.success()) installed(event.tenantId(), event.deviceId(), event.versionId());
    }

    /** The version a device runs decides whether a release of that version targets it. */
    private void installed(String tenantId, String deviceId, String versionId) {
        if (versionId == null) return;
        flushPending();
        jdbc.sql("update ddi_device set installed_version = ? where tenant_id = ? and device_id = ?").params(versionId, tenantId, deviceId).update();
    }

    /** The rows of this unit of work not written yet; the first call registers their flush at prepare-commit. */
    private List<String[]> pending(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(PENDING, key -> {
            List<String[]> rows = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> write(rows));
            return rows;
        });
    }

    private void flushPending() {
        if (!CurrentUnitOfWork.isStarted()) return;
        List<String[]> rows = CurrentUnitOfWork.get().getResource(PENDING);
        if (rows != null) write(rows);
    }

    private void write(List<String[]> rows) {
        if (rows.isEmpty()) return;
        batch.batchUpdate(INSERT, rows, rows.size(), DeviceLookupTable::set);
        rows.clear();
    }

    private static void set(PreparedStatement statement, String[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) statement.setString(i + 1, row[i]);
    }
}
