package io.fleetloop.command.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.command.common.EnvelopeEncryption;
import io.fleetloop.command.common.EnvelopeEncryption.Sealed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Secrets connectors use to reach a source, kept per tenant in their own table and never in an event: events carry
 * only the credentials' name. Encrypted at rest ({@link EnvelopeEncryption}, the row's tenant and name bound in as
 * associated data); at start, rows still in plaintext (written before encryption) are sealed and rows wrapped by an
 * older master key are re-wrapped by the active one.
 */
@Component
public class ConnectorCredentials {

    public record Secret(String accessKey, String secretKey) {
    }

    private static final Logger log = LoggerFactory.getLogger(ConnectorCredentials.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;
    private final EnvelopeEncryption encryption;

    ConnectorCredentials(JdbcClient jdbc, EnvelopeEncryption encryption) {
        this.jdbc = jdbc;
        this.encryption = encryption;
    }

    public void put(String tenantId, String name, Secret secret, Instant now) {
        Sealed sealed = encryption.seal(serialize(secret), context(tenantId, name));
        jdbc.sql("""
                insert into connector_credentials (tenant_id, name, access_key, secret_key, key_id, wrapped_key, ciphertext, updated_at)
                values (?, ?, null, null, ?, ?, ?, ?)
                on conflict (tenant_id, name) do update set access_key = null, secret_key = null, key_id = excluded.key_id,
                    wrapped_key = excluded.wrapped_key, ciphertext = excluded.ciphertext, updated_at = excluded.updated_at""")
                .params(tenantId, name, sealed.keyId(), sealed.wrappedKey(), sealed.ciphertext(), Timestamp.from(now))
                .update();
    }

    public boolean exists(String tenantId, String name) {
        return jdbc.sql("select count(*) from connector_credentials where tenant_id = ? and name = ?")
                .params(tenantId, name).query(Long.class).single() > 0;
    }

    public Optional<Secret> find(String tenantId, String name) {
        return jdbc.sql("select tenant_id, name, access_key, secret_key, key_id, wrapped_key, ciphertext from connector_credentials"
                        + " where tenant_id = ? and name = ?")
                .params(tenantId, name)
                .query((rs, i) -> secretOf(rs))
                .optional();
    }

    public List<String> names(String tenantId) {
        return jdbc.sql("select name from connector_credentials where tenant_id = ? order by name")
                .param(tenantId).query(String.class).list();
    }

    @EventListener(ApplicationReadyEvent.class)
    void sealAtStart() {
        sealAtRest();
    }

    /** Seals plaintext rows and re-wraps rows of older master keys; returns how many; safe to run on several nodes at once. */
    public int sealAtRest() {
        String active = encryption.activeKeyId();
        List<Row> stale = jdbc.sql("""
                        select tenant_id, name, access_key, secret_key, key_id, wrapped_key, ciphertext from connector_credentials
                        where ciphertext is null or key_id <> ?""")
                .param(active).query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(5), rs.getBytes(6), rs.getBytes(7),
                        rs.getString(3), rs.getString(4))).list();
        int changed = 0;
        for (Row row : stale) {
            Sealed sealed = row.ciphertext() == null
                    ? encryption.seal(serialize(new Secret(row.accessKey(), row.secretKey())), context(row.tenantId(), row.name()))
                    : encryption.rewrap(new Sealed(row.keyId(), row.wrappedKey(), row.ciphertext()));
            changed += jdbc.sql("""
                            update connector_credentials set access_key = null, secret_key = null, key_id = ?, wrapped_key = ?, ciphertext = ?
                            where tenant_id = ? and name = ? and key_id is not distinct from ?""")
                    .params(sealed.keyId(), sealed.wrappedKey(), sealed.ciphertext(), row.tenantId(), row.name(), row.keyId()).update();
        }
        if (changed > 0) log.info("Sealed or re-wrapped {} connector credential(s) under master key '{}'", changed, active);
        return changed;
    }

    private record Row(String tenantId, String name, String keyId, byte[] wrappedKey, byte[] ciphertext, String accessKey, String secretKey) {
    }

    private Secret secretOf(ResultSet rs) throws SQLException {
        byte[] ciphertext = rs.getBytes(7);
        if (ciphertext == null) return new Secret(rs.getString(3), rs.getString(4)); // written before encryption, sealed at start
        byte[] plain = encryption.open(new Sealed(rs.getString(5), rs.getBytes(6), ciphertext), context(rs.getString(1), rs.getString(2)));
        try {
            return JSON.readValue(plain, Secret.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable connector credentials " + rs.getString(2), e);
        }
    }

    private static byte[] serialize(Secret secret) {
        try {
            return JSON.writeValueAsBytes(secret);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String context(String tenantId, String name) {
        return "connector_credentials:" + tenantId + "/" + name;
    }
}
