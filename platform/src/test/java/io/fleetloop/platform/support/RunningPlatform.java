package io.fleetloop.platform.support;

import io.fleetloop.platform.FleetloopApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.HashMap;
import java.util.Map;

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

    public Api api(String tenant) {
        return new Api(baseUrl(), tenant);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public String property(String name) {
        return String.valueOf(properties.get(name));
    }
}
