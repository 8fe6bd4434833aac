package io.fleetloop.platform.support;

import io.fleetloop.api.governance.Role;
import io.fleetloop.platform.security.SigningKey;
import io.fleetloop.platform.security.TokenIssuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

/**
 * The platform in a JVM of its own, as an operator runs it, so that a test can kill it the hard way
 * ({@code kill -9}: no shutdown hook, no flush) and start it again on the same data and port.
 */
public final class PlatformProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, Object> properties;
    private final int port;
    private final Path log;
    private Process process;

    private PlatformProcess(Map<String, Object> properties, int port, Path log) {
        this.properties = properties;
        this.port = port;
        this.log = log;
    }

    /** Starts a platform on the given properties (e.g. {@link TestServers#platformProperties}) on a fixed free port. */
    public static PlatformProcess start(Map<String, Object> properties, String name) {
        Map<String, Object> fixed = new LinkedHashMap<>(properties);
        int port = freePort();
        fixed.put("server.port", String.valueOf(port));
        PlatformProcess platform = new PlatformProcess(fixed, port, Path.of("target", "platform-process-" + name + ".log"));
        platform.start();
        return platform;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) throw new IllegalStateException("already running");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseSerialGC", "-Daxoniq.update-checker.disabled=true", "-cp", classpath,
                "io.fleetloop.platform.FleetloopApplication"));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A loaded 2-core machine starting several platforms at once needs more than 4 minutes: -Dfleetloop.test.platform-start-minutes.
        Instant deadline = Instant.now().plus(Duration.ofMinutes(Long.getLong("fleetloop.test.platform-start-minutes", 4)));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new IllegalStateException("the platform process exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            if (healthy()) return;
            sleep(500);
        }
        kill(); // not left running behind a failed test
        throw new IllegalStateException("the platform process did not become healthy; see " + log.toAbsolutePath());
    }

    /** SIGKILL: the JVM gets no chance to finish anything. */
    public synchronized void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public String property(String name) {
        return String.valueOf(properties.get(name));
    }

    /** A user of the tenant with these roles, signed with the key the platform keeps in its data folder. */
    public Api api(String tenant, Role... roles) {
        TokenIssuer issuer = new TokenIssuer(SigningKey.loadOrCreate(Path.of(property("fleetloop.data-dir"))), "fleetloop-local", "tenants",
                "roles", Clock.systemUTC());
        String subject = Arrays.stream(roles).map(Role::name).collect(Collectors.joining("+")).toLowerCase() + "@" + tenant;
        return new Api(baseUrl(), issuer.issue(subject, List.of(tenant), Arrays.stream(roles).map(Role::name).toList(), Duration.ofHours(1))
                .accessToken(), null);
    }

    private boolean healthy() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
