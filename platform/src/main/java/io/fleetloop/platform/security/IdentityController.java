package io.fleetloop.platform.security;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.governance.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/me}: who the token says you are, your tenant, roles and permissions.
 * {@code POST /v1/admin/tokens}: a platform admin issues a token for a user of their own tenants (embedded issuer
 * only; with an external identity provider, tokens come from it). {@code GET /.well-known/jwks.json}: the
 * embedded issuer's public key.
 */
@RestController
class IdentityController {

    record Me(String subject, String tenantId, List<String> tenants, Set<String> roles, List<Permission> permissions, int maskingLevel) {
    }

    record IssueTokenRequest(@NotBlank @Size(max = 128) String subject, @NotEmpty @Size(max = 64) List<String> tenants,
                             @NotEmpty @Size(max = 16) List<String> roles, String ttl) {
    }

    record IssuedToken(String accessToken, String tokenType, Instant expiresAt, String subject, List<String> tenants,
                       List<String> roles) {
    }

    private final ObjectProvider<TokenIssuer> issuer;
    private final ObjectProvider<SigningKey> key;
    private final TenantSelection tenants;

    IdentityController(ObjectProvider<TokenIssuer> issuer, ObjectProvider<SigningKey> key, TenantSelection tenants) {
        this.issuer = issuer;
        this.key = key;
        this.tenants = tenants;
    }

    @GetMapping("/v1/me")
    Me me(Caller caller, @AuthenticationPrincipal Jwt jwt) {
        List<Role> roles = SecurityConfiguration.rolesOf(caller);
        return new Me(caller.operator(), caller.tenantId(), tenants.tenantsOf(jwt), caller.roles(),
                List.copyOf(AccessMatrix.permissionsOf(roles)), Role.levelOf(caller.roles()));
    }

    @PostMapping("/v1/admin/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedToken issue(Caller caller, @AuthenticationPrincipal Jwt jwt, @Valid @RequestBody IssueTokenRequest request) {
        TokenIssuer tokens = issuer.getIfAvailable();
        if (tokens == null) {
            throw FleetloopException.conflict("tokens are issued by the configured identity provider, not by Fleetloop");
        }
        List<String> own = tenants.tenantsOf(jwt);
        for (String tenant : request.tenants()) {
            if (!own.contains(tenant)) {
                throw FleetloopException.forbidden("you may issue tokens only for your own tenants " + own + ", not '" + tenant + "'");
            }
        }
        Duration ttl = null;
        if (request.ttl() != null && !request.ttl().isBlank()) {
            try {
                ttl = Duration.parse(request.ttl());
            } catch (DateTimeParseException e) {
                throw FleetloopException.invalid("ttl", "must be an ISO-8601 duration such as PT8H");
            }
        }
        TokenIssuer.Token token = tokens.issue(request.subject(), request.tenants(), request.roles(), ttl);
        return new IssuedToken(token.accessToken(), "Bearer", token.expiresAt(), request.subject(), request.tenants(),
                request.roles().stream().map(r -> Role.parse(r).map(Role::name).orElse(r)).toList());
    }

    @GetMapping("/.well-known/jwks.json")
    Map<String, Object> jwks() {
        SigningKey signingKey = key.getIfAvailable();
        if (signingKey == null) throw FleetloopException.notFound("key set", "of the embedded issuer");
        return signingKey.publicJwkSet().toJSONObject();
    }
}
