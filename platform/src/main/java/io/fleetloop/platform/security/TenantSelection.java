package io.fleetloop.platform.security;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.ErrorCode;
import io.fleetloop.api.common.ErrorDetails;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.governance.Role;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a verified token into the {@link Caller}: the subject is the operator, the tenant is the token's only
 * tenant or the one the {@code X-Tenant-Id} header selects among the token's tenants, the roles are the known
 * role names of the roles claim.
 */
public final class TenantSelection {

    public static final String TENANT_HEADER = "X-Tenant-Id";
    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final String tenantsClaim;
    private final String rolesClaim;

    public TenantSelection(SecurityProperties properties) {
        this.tenantsClaim = properties.tenantsClaim();
        this.rolesClaim = properties.rolesClaim();
    }

    /** The caller, or a FleetloopException (400 when the choice of tenant is missing, 403 when it is not allowed). */
    public Caller resolve(Jwt jwt, String tenantHeader) {
        List<String> tenants = strings(claim(jwt.getClaims(), tenantsClaim)).stream().filter(t -> TENANT.matcher(t).matches()).toList();
        Set<String> roles = new LinkedHashSet<>();
        strings(claim(jwt.getClaims(), rolesClaim)).forEach(r -> Role.parse(r).ifPresent(role -> roles.add(role.name())));
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new FleetloopException(ErrorDetails.of(ErrorCode.UNAUTHENTICATED, "the token has no subject"));
        }
        String tenant;
        if (tenantHeader != null && !tenantHeader.isBlank()) {
            if (!tenants.contains(tenantHeader)) {
                throw FleetloopException.forbidden("tenant '" + tenantHeader + "' is not one of your tenants " + tenants);
            }
            tenant = tenantHeader;
        } else if (tenants.size() == 1) {
            tenant = tenants.get(0);
        } else if (tenants.isEmpty()) {
            throw FleetloopException.forbidden("the token grants no tenant (claim '" + tenantsClaim + "')");
        } else {
            throw FleetloopException.invalid(TENANT_HEADER, "header required: choose one of your tenants " + tenants);
        }
        return new Caller(subject, tenant, roles);
    }

    /** The known roles the token's roles claim names. */
    public List<Role> rolesOf(Jwt jwt) {
        return strings(claim(jwt.getClaims(), rolesClaim)).stream().map(Role::parse).flatMap(Optional::stream).distinct().toList();
    }

    public List<String> tenantsOf(Jwt jwt) {
        return strings(claim(jwt.getClaims(), tenantsClaim));
    }

    /** A claim by dotted path, e.g. {@code realm_access.roles}. */
    static Object claim(Map<String, Object> claims, String path) {
        Object current = claims;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) return null;
            current = map.get(part);
        }
        return current;
    }

    static List<String> strings(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof String s) {
            for (String part : s.split("[ ,]")) if (!part.isBlank()) result.add(part.trim());
        } else if (value instanceof Collection<?> values) {
            values.stream().map(v -> Optional.ofNullable(v).map(Object::toString).orElse("")).filter(v -> !v.isBlank()).forEach(result::add);
        }
        return result;
    }
}
