package io.fleetloop.command.ingestion;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.sql.Timestamp;

/**
 * Secrets connectors use to reach a source, kept per tenant in their own table and never in an event:
 * events carry only the credentials' name.
 */
@Component
public class ConnectorCredentials {

    public record Secret(String accessKey, String secretKey) {
    }

    private final JdbcClient jdbc;

    ConnectorCredentials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void put(String tenantId, String name, Secret secret, Instant now) {
        jdbc.sql("""
                insert into connector_credentials (tenant_id, name, access_key, secret_key, updated_at) values (?, ?, ?, ?, ?)
                on conflict (tenant_id, name) do update set access_key = excluded.access_key,
                    secret_key = excluded.secret_key, updated_at = excluded.updated_at""")
                .params(tenantId, name, secret.accessKey(), secret.secretKey(), Timestamp.from(now))
                .update();
    }

    public boolean exists(String tenantId, String name) {
        return find(tenantId, name).isPresent();
    }

    public Optional<Secret> find(String tenantId, String name) {
        return jdbc.sql("select access_key, secret_key from connector_credentials where tenant_id = ? and name = ?")
                .params(tenantId, name)
                .query((rs, i) -> new Secret(rs.getString(1), rs.getString(2)))
                .optional();
    }

    public List<String> names(String tenantId) {
        return jdbc.sql("select name from connector_credentials where tenant_id = ? order by name")
                .param(tenantId).query(String.class).list();
    }
}
