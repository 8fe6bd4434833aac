package io.fleetloop.platform.security;

import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Anonymous health says UP/DOWN only; its details and the metrics are for platform administrators. */
class ManagementEndpointsTest {

    private static final Map<String, String> TEXT = Map.of("Accept", "text/plain");

    private final RunningPlatform platform = RunningPlatform.shared();
    private final String tenant = "mgmt-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anonymousHealthIsTheStatusOnly() {
        Api.Response health = platform.anonymous().get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json("/status").asText()).isEqualTo("UP");
        assertThat(health.body().size()).as(health.raw()).isEqualTo(1);
        assertThat(health.raw()).doesNotContain("components", "db", "diskSpace", "PostgreSQL", "elasticsearch");
        Api.Response component = platform.anonymous().get("/actuator/health/db");
        assertThat(component.status()).as(component.raw()).isNotEqualTo(200);
        assertThat(component.raw()).doesNotContain("PostgreSQL");
        Api.Response engineer = platform.api(tenant).get("/actuator/health");
        assertThat(engineer.body().size()).as(engineer.raw()).isEqualTo(1);
    }

    @Test
    void aPlatformAdminSeesTheHealthDetails() {
        Api.Response health = platform.api(tenant, Role.PLATFORM_ADMIN).get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json("/components/db/details/database").asText()).isEqualTo("PostgreSQL");
    }

    @Test
    void metricsNeedAPlatformAdmin() {
        Api.Response anonymous = platform.anonymous().get("/actuator/prometheus", TEXT);
        assertThat(anonymous.status()).as(anonymous.raw()).isEqualTo(401);
        assertThat(platform.anonymous().get("/actuator/metrics").status()).isEqualTo(401);

        Api.Response engineer = platform.api(tenant).get("/actuator/prometheus", TEXT);
        assertThat(engineer.status()).as(engineer.raw()).isEqualTo(403);
        assertThat(engineer.raw()).doesNotContain("jvm_memory");

        Api.Response admin = platform.as("scraper", List.of(tenant), Role.PLATFORM_ADMIN).get("/actuator/prometheus", TEXT);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.raw()).contains("jvm_memory_used_bytes");
    }
}
