package io.fleetloop.platform.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.axon.CallerMetaData;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.TestServers;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A refused command is answered at once and audited as REJECTED, even on a pool of one database connection: the
 * refusal's audit record never waits on the transaction that refused it (which holds that connection and, for a
 * refusal at commit, the command's own uncommitted ACCEPTED record).
 */
class RefusalAuditTest {

    /** Well below Hikari's 30 s wait for a connection that the refused transaction would never give back. */
    private static final Duration QUICKLY = Duration.ofSeconds(15);

    private static RunningPlatform platform;

    private final String tenant = "refusal-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startOnOneConnection() {
        Map<String, Object> properties = TestServers.platformProperties("refusal");
        properties.put("spring.datasource.hikari.maximum-pool-size", "1");
        // Flyway holds its lock on one connection while it migrates on another: give it its own, outside the pool.
        properties.put("spring.flyway.url", properties.get("spring.datasource.url"));
        properties.put("spring.flyway.user", properties.get("spring.datasource.username"));
        properties.put("spring.flyway.password", properties.get("spring.datasource.password"));
        platform = RunningPlatform.start(properties);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aDuplicateRegistrationRefusedByTheEventStoreIsAnsweredAtOnceAndAuditedAsRejected() {
        Api operator = platform.api(tenant, Role.OTA_OPERATOR, Role.AUDITOR);
        Map<String, Object> device = Map.of("deviceId", "car-1", "deviceType", "vehicle");
        assertThat(operator.post("/v1/devices", device).status()).isEqualTo(201);

        // The duplicate passes the command handler and is refused when its event is appended, at commit.
        Api.Response again = assertTimeoutPreemptively(QUICKLY, () -> operator.post("/v1/devices", device));
        assertThat(again.status()).as(again.raw()).isEqualTo(409);
        assertThat(again.json("/code").asText()).isEqualTo("DUPLICATE");

        List<String> outcomes = operator.get("/v1/audit-records?action=RegisterDevice").body().path("items").findValuesAsText("outcome");
        assertThat(outcomes).containsExactlyInAnyOrder("ACCEPTED", "REJECTED");
        // The device list is a read model (device-registry), not read at a command's position: it may lag a moment.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(operator.get("/v1/devices").json("/total").asInt()).isEqualTo(1));
    }

    /**
     * Refused as Axon Server refuses an append: in the unit of work's commit phase, before the database transaction
     * commits (commit handlers run in reverse order, the transaction's first), while that transaction still holds the
     * command's uncommitted ACCEPTED record.
     */
    record RefusedAtCommitCommand(String probe) {
    }

    @Test
    void aCommandRefusedAtCommitIsAnsweredAtOnceAndAuditedAsRejected() {
        platform.bean(CommandBus.class).subscribe(RefusedAtCommitCommand.class.getName(), command -> {
            CurrentUnitOfWork.get().onCommit(u -> {
                throw new ConcurrencyException("the event store refused the append");
            });
            return null;
        });
        CommandGateway commands = platform.bean(CommandGateway.class);
        String probe = UUID.randomUUID().toString();
        MetaData caller = MetaData.from(Map.of(CallerMetaData.TENANT, tenant, CallerMetaData.OPERATOR, "test"));

        assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(() -> commands.sendAndWait(
                GenericCommandMessage.asCommandMessage(new RefusedAtCommitCommand(probe)).andMetaData(caller)))
                .isInstanceOf(ConcurrencyException.class));

        Api auditor = platform.api(tenant, Role.AUDITOR);
        await().atMost(QUICKLY).untilAsserted(() -> {
            JsonNode items = auditor.get("/v1/audit-records?action=RefusedAtCommit").body().path("items");
            assertThat(items).hasSize(1);
            assertThat(items.get(0).path("outcome").asText()).isEqualTo("REJECTED");
            assertThat(items.get(0).path("detail").asText()).contains("ConcurrencyException");
        });
    }
}
