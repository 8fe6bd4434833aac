package io.fleetloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fleetloop.infra.LocalInfra;
import io.fleetloop.platform.FleetloopApplication;
import io.fleetloop.platform.infra.InfraProperties;
import io.fleetloop.platform.security.TokenIssuer;
import io.fleetloop.query.admin.ProcessorPositions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The whole platform in this JVM against servers started for the run (PostgreSQL, Elasticsearch, object store, Kafka),
 * for the benchmarks that drive it through its public API: start it, issue tokens, call its REST API, wait for processors.
 */
final class PlatformRun implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final LocalInfra infra;
    final ConfigurableApplicationContext context;
    final String baseUrl;

    private PlatformRun(LocalInfra infra, ConfigurableApplicationContext context) {
        this.infra = infra;
        this.context = context;
        this.baseUrl = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    /**
     * Servers for one run, with a database and a data folder of its own. Both go when the JVM exits (a run leaves
     * 0.1–0.4 GB of server data in the folder and its events in the database): the database is one of local-infra's
     * temporary ones, dropped when the servers are let go; {@code -Dbench.keep=true} keeps them.
     */
    static LocalInfra startInfra(String name) throws Exception {
        Path dataDir = Files.createTempDirectory("fleetloop-" + name + "-bench-");
        String database = "fleetloop_" + name.replace('-', '_') + "_bench_" + UUID.randomUUID().toString().substring(0, 8);
        boolean keep = Boolean.getBoolean("bench.keep");
        LocalInfra.Builder builder = LocalInfra.builder().dataDir(dataDir).postgres(true).elasticsearch(true).objectStore(true)
                .kafka(true).fixedPorts(false);
        LocalInfra infra = (keep ? builder.postgresDatabase(database, true) : builder.temporaryPostgresDatabase(database)).start();
        if (!keep) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                infra.close(); // if the bench has not: stops the servers and drops the run's database
                BenchSupport.deleteTree(dataDir);
            }, "bench-cleanup"));
        }
        return infra;
    }

    static PlatformRun start(LocalInfra infra) {
        return start(infra, Map.of());
    }

    /** Starts the platform on {@code infra} with the bench's settings, then {@code settings} on top (e.g. gateway tokens). */
    static PlatformRun start(LocalInfra infra, Map<String, ?> settings) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("fleetloop.embedded.enabled", "false");
        properties.put("server.port", "0");
        properties.putAll(InfraProperties.pointingAt(infra));
        properties.put("fleetloop.objectstore.bucket", "fleetloop-bench");
        if (infra.kafka() != null) properties.put("spring.kafka.bootstrap-servers", infra.kafka().bootstrapServers());
        properties.put("fleetloop.data-dir", infra.dataDir().resolve("platform").toString());
        properties.put("logging.level.root", "WARN");
        properties.put("spring.main.banner-mode", "off");
        properties.putAll(settings);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(FleetloopApplication.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        return new PlatformRun(infra, context);
    }

    Rest rest(String tenant, String role) {
        String token = context.getBean(TokenIssuer.class).issue("bench@" + tenant, List.of(tenant), List.of(role), null).accessToken();
        return new Rest(baseUrl, token);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    void awaitCaughtUp(Duration timeout, String... processors) throws InterruptedException {
        ProcessorPositions positions = bean(ProcessorPositions.class);
        waitUntil(String.join(", ", processors) + " at the head of the event store", timeout, () -> positions.caughtUp(List.of(processors)));
    }

    static void waitUntil(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("not within " + timeout + ": " + what);
            Thread.sleep(50);
        }
    }

    /** CPU time of this whole JVM (platform, workers, projections, the bench's clients), seconds. */
    static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    @Override
    public void close() {
        context.close();
    }

    /** A bearer-token REST client that insists on the expected status. */
    record Rest(String baseUrl, String token) {

        private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        JsonNode get(String path) throws Exception {
            return send("GET", path, null, 200);
        }

        /** GET, null on 404 (a read model that has not caught up with a command yet). */
        JsonNode getIfFound(String path) throws Exception {
            try {
                return get(path);
            } catch (IllegalStateException e) {
                if (e.getMessage() != null && e.getMessage().contains(" answered 404 ")) return null;
                throw e;
            }
        }

        JsonNode post(String path, Object body, int expected) throws Exception {
            return send("POST", path, body, expected);
        }

        JsonNode send(String method, String path, Object body, int expected) throws Exception {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json").timeout(Duration.ofMinutes(2));
            if (body != null) builder.header("Content-Type", "application/json");
            builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8));
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + " (expected " + expected + "): "
                        + response.body());
            }
            String raw = response.body();
            return raw == null || raw.isBlank() ? MissingNode.getInstance() : JSON.readTree(raw);
        }
    }
}
