package io.fleetloop.api.common;

import java.util.Set;

/** Who is calling: the operator's name, the tenant they act for and their roles. */
public record Caller(String operator, String tenantId, Set<String> roles) {

    /** Name under which the platform keeps the resolved caller of a request (request attribute, GraphQL context). */
    public static final String ATTRIBUTE = "fleetloop.caller";

    public Caller {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }
}
