package io.fleetloop.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.governance.Role;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Signs the embedded default's tokens: subject, tenants and roles, for a limited time. */
public final class TokenIssuer {

    static final Pattern SUBJECT = Pattern.compile("[\\p{L}\\p{N}@._:+-]{1,128}");
    static final Duration MAX_TTL = Duration.ofDays(30);

    private final SigningKey key;
    private final String issuer;
    private final String tenantsClaim;
    private final String rolesClaim;
    private final Clock clock;

    public TokenIssuer(SigningKey key, String issuer, String tenantsClaim, String rolesClaim, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.tenantsClaim = tenantsClaim;
        this.rolesClaim = rolesClaim;
        this.clock = clock;
    }

    public record Token(String accessToken, Instant expiresAt) {
    }

    /** Validates the request and signs a token; refusals name the offending field. */
    public Token issue(String subject, List<String> tenants, List<String> roles, Duration ttl) {
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            throw FleetloopException.invalid("subject", "must be 1-128 letters, digits or @ . _ : + -");
        }
        if (tenants == null || tenants.isEmpty()) throw FleetloopException.invalid("tenants", "at least one tenant");
        for (String tenant : tenants) {
            if (tenant == null || !TenantSelection.TENANT.matcher(tenant).matches()) {
                throw FleetloopException.invalid("tenants", "'" + tenant + "' is not a tenant id (1-64 letters, digits, '_' or '-')");
            }
        }
        if (roles == null || roles.isEmpty()) throw FleetloopException.invalid("roles", "at least one role");
        List<String> roleNames = roles.stream().map(r -> Role.parse(r).map(Role::name).orElseThrow(() ->
                FleetloopException.invalid("roles", "unknown role '" + r + "'; known: " + List.of(Role.values())))).distinct().toList();
        Duration lifetime = ttl == null ? Duration.ofHours(8) : ttl;
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_TTL) > 0) {
            throw FleetloopException.invalid("ttl", "must be positive and at most " + MAX_TTL);
        }
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(expires))
                .claim(tenantsClaim, List.copyOf(tenants)).claim(rolesClaim, roleNames).build();
        return new Token(sign(claims), expires);
    }

    /** Signs arbitrary claims with the platform key (tests use it for expired tokens). */
    String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.rsaKey().getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key.rsaKey()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    public String issuer() {
        return issuer;
    }
}
