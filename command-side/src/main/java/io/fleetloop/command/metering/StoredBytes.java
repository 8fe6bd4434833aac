package io.fleetloop.command.metering;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code metering_stored_content}: bytes stored per tenant (for the storage sampler in workers). */
@Component
public class StoredBytes {

    private final JdbcClient jdbc;

    StoredBytes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Long> perTenant() {
        Map<String, Long> bytes = new LinkedHashMap<>();
        jdbc.sql("select tenant_id, sum(size_bytes) from metering_stored_content group by tenant_id order by tenant_id")
                .query(rs -> {
                    bytes.put(rs.getString(1), rs.getLong(2));
                });
        return bytes;
    }
}
