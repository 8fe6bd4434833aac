package io.fleetloop.platform.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.command.ingestion.ConnectorCredentials;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.Ingestions;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.fleetloop.platform.support.TestServers;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Connector secrets are encrypted at rest: the PostgreSQL row holds no plaintext, and ingestion still reads them. */
class CredentialsAtRestTest {

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "sealed-" + UUID.randomUUID().toString().substring(0, 8);
    private final Api api = platform.api(tenant);
    private final JdbcClient db = platform.bean(JdbcClient.class);

    @Test
    void storedCredentialsHoldNoPlaintextAndIngestionStillWorks() {
        Ingestions.storeCredentials(api, "keys");

        Map<String, Object> row = db.sql("select * from connector_credentials where tenant_id = ? and name = 'keys'").param(tenant)
                .query().singleRow();
        assertThat(row.get("access_key")).isNull();
        assertThat(row.get("secret_key")).isNull();
        assertThat(row.get("key_id")).isNotNull();
        assertThat(new String((byte[]) row.get("ciphertext"), StandardCharsets.ISO_8859_1))
                .doesNotContain(TestServers.get().objectStore().secretKey(), TestServers.get().objectStore().accessKey());
        assertThat(new String((byte[]) row.get("wrapped_key"), StandardCharsets.ISO_8859_1)).isNotEmpty();

        SourceBucket bucket = new SourceBucket("sealed-" + tenant);
        bucket.put("a.bin", SourceBucket.randomBytes(1000, 7));
        String sourceId = Ingestions.createSource(api, "src", bucket.name(), "", "keys");
        JsonNode task = Ingestions.awaitEnd(api, startedTask(sourceId));
        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.path("objectCount").asInt()).isEqualTo(1);
    }

    @Test
    void plaintextRowsFromBeforeEncryptionAreSealedAtStartAndStillUsable() {
        var store = TestServers.get().objectStore();
        db.sql("insert into connector_credentials (tenant_id, name, access_key, secret_key, updated_at) values (?, 'old', ?, ?, now())")
                .params(tenant, store.accessKey(), store.secretKey()).update();

        assertThat(platform.bean(ConnectorCredentials.class).sealAtRest()).isGreaterThanOrEqualTo(1);

        Map<String, Object> row = db.sql("select * from connector_credentials where tenant_id = ? and name = 'old'").param(tenant)
                .query().singleRow();
        assertThat(row.get("secret_key")).isNull();
        assertThat(row.get("ciphertext")).isNotNull();
        SourceBucket bucket = new SourceBucket("old-" + tenant);
        bucket.put("b.bin", SourceBucket.randomBytes(1000, 8));
        String sourceId = Ingestions.createSource(api, "old src", bucket.name(), "", "old");
        assertThat(Ingestions.awaitEnd(api, startedTask(sourceId)).path("status").asText()).isEqualTo("COMPLETED");
    }

    private String startedTask(String sourceId) {
        String taskId = Ingestions.createTask(api, sourceId, "**", "landing", "LIDAR");
        Ingestions.start(api, taskId);
        return taskId;
    }
}
