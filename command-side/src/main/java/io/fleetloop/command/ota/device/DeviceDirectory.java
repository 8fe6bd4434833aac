package io.fleetloop.command.ota.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.ota.DeviceType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tenant's registered devices, read from the command side's own {@code ddi_device}. That table is written by the
 * subscribing {@link DeviceLookupTable} in the registering command's own transaction, so it is never behind the event store.
 */
@Component
public class DeviceDirectory implements io.fleetloop.command.ota.DeviceSelection {

    public record DeviceRecord(String tenantId, String deviceId, DeviceType type, Map<String, String> attributes, String installedVersion,
                               boolean attributesReported) {
    }

    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    DeviceDirectory(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The registry's aggregate id of a tenant's device, for commands to it. */
    public static io.fleetloop.api.ota.DeviceUid uidOf(String tenantId, String deviceId) {
        return Device.uidOf(tenantId, deviceId);
    }

    /**
     * Devices of the type whose attributes contain every filter entry and whose installed version is not {@code notOnVersion}
     * (a device of unknown version is eligible; a null {@code notOnVersion} excludes nobody), ordered by device id.
     */
    public List<String> eligible(String tenantId, DeviceType type, Map<String, String> filter, String notOnVersion) {
        String filterJson;
        try {
            filterJson = json.writeValueAsString(filter == null ? Map.of() : filter);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unserialisable filter", e);
        }
        String sql = "select device_id from ddi_device where tenant_id = ? and device_type = ? and attributes @> cast(? as jsonb)";
        if (notOnVersion == null) {
            return jdbc.sql(sql + " order by device_id").params(tenantId, type.name(), filterJson).query(String.class).list();
        }
        return jdbc.sql(sql + " and installed_version is distinct from ? order by device_id")
                .params(tenantId, type.name(), filterJson, notOnVersion).query(String.class).list();
    }

    /** The given ids that are not registered devices of that type in the tenant, in the given order. */
    public List<String> notEligible(String tenantId, DeviceType type, Collection<String> deviceIds) {
        Set<String> ofType = new HashSet<>(jdbc.sql("select device_id from ddi_device where tenant_id = ? and device_type = ? and device_id = any(?)")
                .params(tenantId, type.name(), deviceIds.toArray(String[]::new)).query(String.class).list());
        return deviceIds.stream().filter(id -> !ofType.contains(id)).distinct().toList();
    }

    public Optional<DeviceRecord> find(String tenantId, String deviceId) {
        return row(tenantId, deviceId).map(StoredDevice::device);
    }

    /** The device, if the presented token is its own (sha256 compared in constant time): one read for both. */
    public Optional<DeviceRecord> authenticated(String tenantId, String deviceId, String presentedToken) {
        if (presentedToken == null) return Optional.empty();
        byte[] presented = DeviceTokens.sha256Hex(presentedToken).getBytes(StandardCharsets.US_ASCII);
        return row(tenantId, deviceId)
                .filter(row -> row.tokenSha256() != null && MessageDigest.isEqual(row.tokenSha256().getBytes(StandardCharsets.US_ASCII), presented))
                .map(StoredDevice::device);
    }

    /** What a gateway-token request may see: nothing when the token is not the tenant's, else the device if registered. */
    public record GatewayAccess(boolean tokenMatches, Optional<DeviceRecord> device) {
    }

    /**
     * Whether the presented gateway token is the tenant's (the one set over the API when the tenant manages it there,
     * a revoked one matching nothing, else the configured one; sha256 compared in constant time), and the device, in
     * one read: every gateway poll asks both. The device is read either way and returned only to the right token.
     */
    public GatewayAccess viaGateway(String tenantId, String deviceId, String presentedToken, String configured) {
        if (presentedToken == null) return new GatewayAccess(false, Optional.empty());
        byte[] presented = DeviceTokens.sha256Hex(presentedToken).getBytes(StandardCharsets.US_ASCII);
        record Row(boolean managed, String managedSha256, Optional<DeviceRecord> device) {
        }
        Row row = jdbc.sql("""
                        select g.tenant_id is not null, g.token_sha256,
                               d.tenant_id, d.device_id, d.device_type, d.attributes, d.installed_version, d.attributes_reported
                        from (select 1) one
                        left join ddi_gateway_token g on g.tenant_id = ?
                        left join ddi_device d on d.tenant_id = ? and d.device_id = ?""")
                .params(tenantId, tenantId, deviceId)
                .query((rs, i) -> new Row(rs.getBoolean(1), rs.getString(2), rs.getString(3) == null ? Optional.empty()
                        : Optional.of(device(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8)))))
                .single();
        String expected = row.managed() ? row.managedSha256() : configured == null ? null : DeviceTokens.sha256Hex(configured);
        boolean matches = expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), presented);
        return matches ? new GatewayAccess(true, row.device()) : new GatewayAccess(false, Optional.empty());
    }

    /** Whether the presented token is the device's own; unknown devices never match. */
    public boolean tokenMatches(String tenantId, String deviceId, String presentedToken) {
        return authenticated(tenantId, deviceId, presentedToken).isPresent();
    }

    private record StoredDevice(DeviceRecord device, String tokenSha256) {
    }

    private Optional<StoredDevice> row(String tenantId, String deviceId) {
        return jdbc.sql("""
                select tenant_id, device_id, device_type, attributes, installed_version, attributes_reported, token_sha256
                from ddi_device where tenant_id = ? and device_id = ?""")
                .params(tenantId, deviceId)
                .query((rs, i) -> new StoredDevice(device(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getBoolean(6)), rs.getString(7)))
                .optional();
    }

    private DeviceRecord device(String tenantId, String deviceId, String type, String attributes, String installedVersion, boolean attributesReported) {
        return new DeviceRecord(tenantId, deviceId, DeviceType.valueOf(type), attributes(attributes), installedVersion, attributesReported);
    }

    /** Which of these ids the tenant registered already (one query). */
    Set<String> registered(String tenantId, Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) return Set.of();
        return new HashSet<>(jdbc.sql("select device_id from ddi_device where tenant_id = ? and device_id = any(?)")
                .params(tenantId, deviceIds.toArray(String[]::new)).query(String.class).list());
    }

    private Map<String, String> attributes(String value) {
        try {
            return json.readValue(value, ATTRIBUTES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ddi_device.attributes is not a JSON object of strings", e);
        }
    }
}
