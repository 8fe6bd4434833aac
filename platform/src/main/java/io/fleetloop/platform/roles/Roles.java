package io.fleetloop.platform.roles;

import org.springframework.core.env.Environment;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What this process does, {@code fleetloop.roles} (comma-separated; unset: all of them): {@code api} serves REST
 * and GraphQL, {@code processors} runs the projections, sagas and integration publishing, {@code workers} claims
 * compute jobs from the queue. Every role handles commands (the command side runs where commands are sent).
 * Several processes on one database share the work of each role.
 */
public record Roles(Set<String> names) {

    public static final String API = "api";
    public static final String PROCESSORS = "processors";
    public static final String WORKERS = "workers";
    private static final Set<String> ALL = Set.of(API, PROCESSORS, WORKERS);

    public static Roles of(Environment environment) {
        String value = environment.getProperty("fleetloop.roles");
        if (value == null || value.isBlank()) return new Roles(ALL);
        Set<String> names = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        for (String name : names) {
            if (!ALL.contains(name)) {
                throw new IllegalArgumentException("fleetloop.roles: unknown role '" + name + "' (known: api, processors, workers)");
            }
        }
        return new Roles(names);
    }

    public boolean has(String role) {
        return names.contains(role);
    }
}
