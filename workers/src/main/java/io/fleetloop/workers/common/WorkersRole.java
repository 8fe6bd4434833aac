package io.fleetloop.workers.common;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.Arrays;

/**
 * True when this process has the workers role: {@code fleetloop.roles} unset (all roles) or listing
 * {@code workers}. Job tasks are registered only then, so a process without it never claims a job.
 */
public class WorkersRole implements Condition {

    public static final String ROLE = "workers";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String roles = context.getEnvironment().getProperty("fleetloop.roles");
        return roles == null || roles.isBlank() || Arrays.stream(roles.split(",")).map(String::trim).anyMatch(ROLE::equals);
    }
}
