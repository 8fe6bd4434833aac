package io.fleetloop.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code fleetloop.security}: which token claims carry the tenants and roles (dotted paths into nested claims,
 * e.g. {@code realm_access.roles} for Keycloak), and the embedded issuer's name and default token lifetime.
 * The embedded issuer is used only when no {@code spring.security.oauth2.resourceserver.jwt.*} issuer is set.
 */
@ConfigurationProperties("fleetloop.security")
public record SecurityProperties(String tenantsClaim, String rolesClaim, String issuer, Duration tokenTtl) {

    public SecurityProperties {
        tenantsClaim = blank(tenantsClaim) ? "tenants" : tenantsClaim;
        rolesClaim = blank(rolesClaim) ? "roles" : rolesClaim;
        issuer = blank(issuer) ? "fleetloop-local" : issuer;
        tokenTtl = tokenTtl == null ? Duration.ofHours(8) : tokenTtl;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
