package io.fleetloop.platform.support;

import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.FleetloopApplication;
import io.fleetloop.platform.security.TokenIssuer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Fleetloop platform started as a user would run it, on the test JVM's real servers. {@link #shared()} is the
 * one most tests drive (started once per JVM); tests that stop and start a platform make their own.
 */
public final class RunningPlatform implements AutoCloseable {

    private static RunningPlatform shared;

    private final Map<String, Object> properties;
    private ConfigurableApplicationContext context;

    private RunningPlatform(Map<String, Object> properties) {
        this.properties = properties;
    }

    public static synchronized RunningPlatform shared() {
        if (shared == null) {
            shared = start(TestServers.platformProperties("main"));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public static RunningPlatform start(Map<String, Object> properties) {
        RunningPlatform platform = new RunningPlatform(new HashMap<>(properties));
        platform.start();
        return platform;
    }

    public synchronized void start() {
        if (context != null) throw new IllegalStateException("already running");
        // Command-line arguments, not default properties: these must win over application.yml as a user's would.
        String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        context = new SpringApplicationBuilder(FleetloopApplication.class).run(arguments);
    }

    public synchronized void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public String baseUrl() {
        return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** A data engineer (who may also read the audit trail) of one tenant: user {@code alice@<tenant>}. */
    public Api api(String tenant) {
        return as("alice@" + tenant, List.of(tenant), Role.DATA_ENGINEER, Role.AUDITOR);
    }

    /** A user of one tenant with exactly these roles. */
    public Api api(String tenant, Role... roles) {
        return as(Arrays.stream(roles).map(Role::name).collect(Collectors.joining("+")).toLowerCase() + "@" + tenant, List.of(tenant), roles);
    }

    public Api as(String subject, List<String> tenants, Role... roles) {
        return withToken(token(subject, tenants, roles));
    }

    public Api withToken(String token) {
        return new Api(baseUrl(), token, null);
    }

    /** No Authorization header at all. */
    public Api anonymous() {
        return new Api(baseUrl(), null, null);
    }

    public String token(String subject, List<String> tenants, Role... roles) {
        return bean(TokenIssuer.class).issue(subject, tenants, Arrays.stream(roles).map(Role::name).toList(), Duration.ofHours(1))
                .accessToken();
    }

    public <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public boolean hasBean(String name) {
        return context.containsBean(name);
    }

    public String property(String name) {
        return String.valueOf(properties.get(name));
    }
}
