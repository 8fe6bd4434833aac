package io.fleetloop.platform.web;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;

import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Who is calling. Until identity arrives (governance issue), the tenant is claimed by the {@code X-Tenant-Id}
 * header and the operator by {@code X-Operator}; every /v1 call must name its tenant.
 */
public final class CallerResolution {

    public static final String TENANT_HEADER = "X-Tenant-Id";
    public static final String OPERATOR_HEADER = "X-Operator";
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern OPERATOR = Pattern.compile("[\\p{L}\\p{N}@._:-]{1,128}");

    private CallerResolution() {
    }

    public static Caller resolve(Function<String, String> header) {
        String tenant = header.apply(TENANT_HEADER);
        if (tenant == null || tenant.isBlank()) {
            throw FleetloopException.invalid(TENANT_HEADER, "header is required on every /v1 call");
        }
        if (!TENANT.matcher(tenant).matches()) {
            throw FleetloopException.invalid(TENANT_HEADER, "must be 1-64 letters, digits, '_' or '-'");
        }
        String operator = header.apply(OPERATOR_HEADER);
        if (operator == null || operator.isBlank()) {
            operator = "anonymous";
        } else if (!OPERATOR.matcher(operator).matches()) {
            throw FleetloopException.invalid(OPERATOR_HEADER, "must be 1-128 letters, digits or @ . _ : -");
        }
        return new Caller(operator, tenant, Set.of());
    }
}
