package io.fleetloop.projections.ota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.ota.DeviceAttributesUpdatedEvent;
import io.fleetloop.api.ota.DeviceRegisteredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * The device registry ({@code device_view}). Subscribing, so a registration and its row commit together: the command
 * side's {@code DeviceDirectory} reads it to skip registered ids and to select rollout targets.
 */
@Component
@ProcessingGroup("device-registry")
class DeviceProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    DeviceProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(DeviceRegisteredEvent event) throws JsonProcessingException {
        jdbc.sql("""
                insert into device_view (tenant_id, device_id, device_type, attributes, installed_version, token_sha256, registered_at, updated_at)
                values (?, ?, ?, cast(? as jsonb), ?, ?, ?, ?) on conflict (tenant_id, device_id) do nothing""")
                .params(event.tenantId(), event.deviceId(), event.deviceType().name(), json.writeValueAsString(event.attributes()),
                        event.installedVersion(), event.securityTokenSha256(), Timestamp.from(event.registeredAt()), Timestamp.from(event.registeredAt()))
                .update();
    }

    @EventHandler
    void on(DeviceAttributesUpdatedEvent event) throws JsonProcessingException {
        jdbc.sql("update device_view set attributes = cast(? as jsonb), attributes_reported = true, updated_at = ? where tenant_id = ? and device_id = ?")
                .params(json.writeValueAsString(event.attributes()), Timestamp.from(event.updatedAt()), event.tenantId(), event.deviceId())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from device_view").update();
    }
}
