package io.fleetloop.query.ota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.api.ota.ActionKind;
import io.fleetloop.api.ota.DeviceActionView;
import io.fleetloop.api.ota.DeviceActionsResponse;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.ListDeviceActionsQuery;
import io.fleetloop.api.ota.DeviceView;
import io.fleetloop.api.ota.DevicesResponse;
import io.fleetloop.api.ota.FindDeviceQuery;
import io.fleetloop.api.ota.ListDevicesQuery;
import io.fleetloop.query.common.Queries;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The device registry: {@code GET /v1/devices?deviceType=&installedVersion=&attr.<key>=<value>&q=<id prefix>&page=&size=}
 * {@code GET /v1/devices/{deviceId}} and its OTA actions {@code GET /v1/devices/{deviceId}/actions}; always within the tenant,
 * never with token hashes.
 */
@RestController
class DeviceQueries {

    private static final String COLUMNS = "device_id, device_type, attributes, attributes_reported, installed_version, registered_at, updated_at, "
            + "(select c.last_poll_at from ddi_device_contact c where c.tenant_id = device_view.tenant_id and c.device_id = device_view.device_id)"
            + " as last_poll_at, (select c.collection_rules_version from ddi_device_contact c where c.tenant_id = device_view.tenant_id"
            + " and c.device_id = device_view.device_id) as collection_rules_version";
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Queries queries;

    DeviceQueries(JdbcClient jdbc, ObjectMapper json, Queries queries) {
        this.jdbc = jdbc;
        this.json = json;
        this.queries = queries;
    }

    @GetMapping("/v1/devices")
    DevicesResponse list(Caller caller, @RequestParam(required = false) String deviceType, @RequestParam(required = false) String installedVersion,
                         @RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
                         @RequestParam(defaultValue = "20") int size, @RequestParam Map<String, String> parameters) {
        Map<String, String> attributes = new TreeMap<>();
        parameters.forEach((name, value) -> {
            if (name.startsWith("attr.")) {
                if (name.length() == 5) throw FleetloopException.invalid(name, "attr.<key>=<value>");
                attributes.put(name.substring(5), value);
            }
        });
        DeviceType type;
        try {
            type = deviceType == null || deviceType.isBlank() ? null : DeviceType.parse(deviceType);
        } catch (IllegalArgumentException e) {
            throw FleetloopException.invalid("deviceType", "VEHICLE, ROBOT or INDUSTRIAL");
        }
        return queries.get(new ListDevicesQuery(caller.tenantId(), type, installedVersion, attributes, q, new PageRequest(page, size)),
                DevicesResponse.class);
    }

    @GetMapping("/v1/devices/{deviceId}")
    DeviceView device(Caller caller, @PathVariable String deviceId) {
        return queries.require(new FindDeviceQuery(caller.tenantId(), deviceId), DeviceView.class, "device", deviceId);
    }

    /** The device's update and rollback actions, newest first (at most 100): what it was sent and what it answered. */
    @GetMapping("/v1/devices/{deviceId}/actions")
    DeviceActionsResponse actions(Caller caller, @PathVariable String deviceId) {
        queries.require(new FindDeviceQuery(caller.tenantId(), deviceId), DeviceView.class, "device", deviceId);
        return queries.get(new ListDeviceActionsQuery(caller.tenantId(), deviceId, 100), DeviceActionsResponse.class);
    }

    @QueryHandler
    DeviceActionsResponse handle(ListDeviceActionsQuery query) {
        List<DeviceActionView> items = jdbc.sql("""
                        select action_id, task_id, kind, version_id, status, last_execution, detail, release_counter, created_at, updated_at
                        from device_action_view where tenant_id = ? and device_id = ? order by created_at desc, kind desc limit ?""")
                .params(query.tenantId(), query.deviceId(), Math.max(1, Math.min(query.limit(), 1000)))
                .query((rs, n) -> new DeviceActionView(String.valueOf(rs.getLong(1)), rs.getString(2), ActionKind.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10).toInstant()))
                .list();
        return new DeviceActionsResponse(query.deviceId(), items);
    }

    @QueryHandler
    Optional<DeviceView> handle(FindDeviceQuery query) {
        return jdbc.sql("select " + COLUMNS + " from device_view where tenant_id = ? and device_id = ?")
                .params(query.tenantId(), query.deviceId()).query(this::device).optional();
    }

    @QueryHandler
    DevicesResponse handle(ListDevicesQuery query) throws JsonProcessingException {
        StringBuilder where = new StringBuilder(" where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.tenantId()));
        if (query.deviceType() != null) {
            where.append(" and device_type = ?");
            params.add(query.deviceType().name());
        }
        if (query.installedVersion() != null) {
            where.append(" and installed_version = ?");
            params.add(query.installedVersion());
        }
        if (!query.attributes().isEmpty()) {
            where.append(" and attributes @> cast(? as jsonb)");
            params.add(json.writeValueAsString(query.attributes()));
        }
        if (query.idPrefix() != null && !query.idPrefix().isEmpty()) {
            where.append(" and device_id like ? escape '\\'");
            params.add(query.idPrefix().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        long total = jdbc.sql("select count(*) from device_view" + where).params(params).query(Long.class).single();
        List<Object> paged = new ArrayList<>(params);
        paged.add(query.page().size());
        paged.add(query.page().offset());
        List<DeviceView> items = jdbc.sql("select " + COLUMNS + " from device_view" + where + " order by device_id limit ? offset ?")
                .params(paged).query(this::device).list();
        return new DevicesResponse(items, query.page().page(), query.page().size(), total);
    }

    private DeviceView device(ResultSet rs, int row) throws SQLException {
        try {
            return new DeviceView(rs.getString("device_id"), DeviceType.valueOf(rs.getString("device_type")),
                    json.readValue(rs.getString("attributes"), ATTRIBUTES), rs.getBoolean("attributes_reported"), rs.getString("installed_version"),
                    rs.getTimestamp("registered_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                    rs.getTimestamp("last_poll_at") == null ? null : rs.getTimestamp("last_poll_at").toInstant(),
                    rs.getString("collection_rules_version"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("device_view.attributes is not a JSON object of strings", e);
        }
    }
}
