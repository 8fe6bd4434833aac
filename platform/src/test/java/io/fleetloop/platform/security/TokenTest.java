package io.fleetloop.platform.security;

import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.IOException;

/** 401 for missing, expired, foreign-signed and garbled tokens; tenant selection; token issuance by admins and CLI. */
class TokenTest {

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenantA = "ta-" + suffix;
    private final String tenantB = "tb-" + suffix;

    @Test
    void badTokensAreUnauthorizedWithAProblemAndAChallenge() {
        SigningKey ours = platform.bean(SigningKey.class);
        TokenIssuer past = new TokenIssuer(ours, "fleetloop-local", "tenants", "roles",
                Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC));
        String expired = past.issue("eve", List.of(tenantA), List.of("PLATFORM_ADMIN"), Duration.ofHours(1)).accessToken();
        assertUnauthorized(platform.withToken(expired).get("/v1/assets"), "expired");

        TokenIssuer otherKey = new TokenIssuer(SigningKey.loadOrCreate(newDir()), "fleetloop-local", "tenants", "roles", Clock.systemUTC());
        String forged = otherKey.issue("eve", List.of(tenantA), List.of("PLATFORM_ADMIN"), Duration.ofHours(1)).accessToken();
        assertUnauthorized(platform.withToken(forged).get("/v1/assets"), "invalid bearer token");

        TokenIssuer otherIssuer = new TokenIssuer(ours, "someone-else", "tenants", "roles", Clock.systemUTC());
        String foreign = otherIssuer.issue("eve", List.of(tenantA), List.of("PLATFORM_ADMIN"), Duration.ofHours(1)).accessToken();
        assertUnauthorized(platform.withToken(foreign).get("/v1/assets"), "iss");

        String valid = platform.token("eve", List.of(tenantA), Role.PLATFORM_ADMIN);
        String tampered = valid.substring(0, valid.lastIndexOf('.') + 1) + new StringBuilder(valid.substring(valid.lastIndexOf('.') + 1)).reverse();
        assertUnauthorized(platform.withToken(tampered).get("/v1/assets"), "invalid bearer token");
        assertUnauthorized(platform.withToken("not-a-jwt").get("/v1/assets"), "invalid bearer token");
        assertUnauthorized(platform.anonymous().post("/v1/datasources", Map.of()), "bearer token is required");
        assertUnauthorized(platform.anonymous().graphql("{ assets { total } }", Map.of()), "bearer token is required");

        // What is public stays public.
        assertThat(platform.anonymous().get("/actuator/health").status()).isEqualTo(200);
        assertThat(platform.anonymous().get("/.well-known/jwks.json").json("/keys/0/kty").asText()).isEqualTo("RSA");
        assertThat(platform.anonymous().get("/.well-known/jwks.json").raw()).doesNotContain("\"d\"");
    }

    @Test
    void theTokenDecidesTheTenantAndTheHeaderOnlySelectsAmongItsTenants() {
        Api both = platform.as("mia", List.of(tenantA, tenantB), Role.DATA_ENGINEER);
        Api.Response mustChoose = both.get("/v1/datasources");
        assertThat(mustChoose.status()).isEqualTo(400);
        assertThat(mustChoose.json("/errors/0/field").asText()).isEqualTo("X-Tenant-Id");
        assertThat(both.selecting(tenantB).get("/v1/me").json("/tenantId").asText()).isEqualTo(tenantB);
        assertThat(both.selecting(tenantA).get("/v1/me").json("/tenants")).hasSize(2);

        Api onlyA = platform.as("max", List.of(tenantA), Role.DATA_ENGINEER);
        Api.Response me = onlyA.get("/v1/me");
        assertThat(me.json("/subject").asText()).isEqualTo("max");
        assertThat(me.json("/tenantId").asText()).isEqualTo(tenantA);
        assertThat(me.json("/roles/0").asText()).isEqualTo("DATA_ENGINEER");
        assertThat(me.json("/maskingLevel").asInt()).isEqualTo(Role.DATA_ENGINEER.level());
        Api.Response claimed = onlyA.selecting(tenantB).get("/v1/datasources");
        assertThat(claimed.status()).isEqualTo(403);
        assertThat(claimed.json("/code").asText()).isEqualTo("ACCESS_DENIED");
        assertThat(claimed.json("/detail").asText()).contains(tenantB);
        assertThat(onlyA.selecting(tenantB).post("/v1/datasources", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void deniedWritesAreAuditedWithTheTokenSubject() {
        Api qc = platform.as("quinn", List.of(tenantA), Role.QC_REVIEWER);
        Api.Response denied = qc.post("/v1/datasources", Map.of("name", "x"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json("/detail").asText()).contains("DATASOURCE_WRITE");
        var trail = platform.as("ada", List.of(tenantA), Role.AUDITOR).get("/v1/audit-records?action=POST%20/v1/datasources").body();
        assertThat(trail.at("/total").asInt()).isEqualTo(1);
        assertThat(trail.at("/items/0/operator").asText()).isEqualTo("quinn");
        assertThat(trail.at("/items/0/outcome").asText()).isEqualTo("REJECTED");
        assertThat(platform.as("ada", List.of(tenantB), Role.AUDITOR).get("/v1/audit-records?action=POST%20/v1/datasources")
                .json("/total").asInt()).isZero();
    }

    @Test
    void adminsIssueTokensForTheirOwnTenantsOnly() {
        Api admin = platform.as("root", List.of(tenantA), Role.PLATFORM_ADMIN);
        Api.Response issued = admin.post("/v1/admin/tokens", Map.of("subject", "newbie", "tenants", List.of(tenantA),
                "roles", List.of("data_engineer"), "ttl", "PT10M"));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        assertThat(issued.json("/roles/0").asText()).isEqualTo("DATA_ENGINEER");
        Api newbie = platform.withToken(issued.json("/accessToken").asText());
        assertThat(newbie.get("/v1/me").json("/subject").asText()).isEqualTo("newbie");

        assertThat(admin.post("/v1/admin/tokens", Map.of("subject", "spy", "tenants", List.of(tenantB),
                "roles", List.of("AUDITOR"))).status()).isEqualTo(403);
        Api.Response unknownRole = admin.post("/v1/admin/tokens", Map.of("subject", "x", "tenants", List.of(tenantA),
                "roles", List.of("GOD")));
        assertThat(unknownRole.status()).isEqualTo(400);
        assertThat(unknownRole.json("/errors/0/field").asText()).isEqualTo("roles");
        assertThat(admin.post("/v1/admin/tokens", Map.of("subject", "x", "tenants", List.of(tenantA), "roles", List.of("AUDITOR"),
                "ttl", "forever")).status()).isEqualTo(400);
        assertThat(newbie.post("/v1/admin/tokens", Map.of("subject", "x", "tenants", List.of(tenantA),
                "roles", List.of("PLATFORM_ADMIN"))).status()).isEqualTo(403);
    }

    @Test
    void theCliSignsTokensThePlatformAccepts() {
        Path dataDir = Path.of(platform.property("fleetloop.data-dir"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TokenCli.run(List.of("--user", "cli-user", "--tenant", tenantA, "--role", "AUDITOR", "--data-dir", dataDir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String token = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(platform.withToken(token).get("/v1/me").json("/subject").asText()).isEqualTo("cli-user");

        int refused = TokenCli.run(List.of("--user", "x", "--tenant", tenantA, "--role", "NOPE", "--data-dir", dataDir.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(refused).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown role");
    }

    private static Path newDir() {
        try {
            return java.nio.file.Files.createTempDirectory("other-key-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertUnauthorized(Api.Response response, String detail) {
        assertThat(response.status()).as(response.raw()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json("/code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(response.json("/detail").asText()).containsIgnoringCase(detail);
    }
}
