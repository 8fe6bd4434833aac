package io.fleetloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.governance.Role;
import io.fleetloop.infra.LocalInfra;
import io.fleetloop.platform.FleetloopApplication;
import io.fleetloop.platform.infra.InfraProperties;
import io.fleetloop.platform.security.TokenIssuer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static io.fleetloop.bench.BenchSupport.parallel;
import static io.fleetloop.bench.BenchSupport.rawInserts;
import static io.fleetloop.bench.BenchSupport.seconds;

/**
 * Soak: {@code -Dbench.minutes} (default 10) of mixed load on one platform in this JVM, on real servers started for
 * the run ({@link LocalInfra}): {@code -Dbench.clients} (default 4) clients each send in turn a command (register a
 * device, CSV of one row), {@code -Dbench.pollsPerCommand} (default 8) DDI polls of registered devices with the
 * gateway token, and two queries (the device registry from PostgreSQL, the asset search from Elasticsearch).
 * Every 30 s it samples: requests and errors so far, heap used after a GC, live threads, and the Hikari pool's active
 * and total connections. Raw baselines in the same run: PostgreSQL INSERT+COMMIT rows/s (1 client) and HTTP
 * round trips/s to {@code /actuator/health} (same clients). Checks (exit 2 when one fails): no error answer, heap after
 * GC in the last third at most 1.5× (+64 MiB) the first third's, connections never above the pool's maximum, the
 * registry lists every device registered.
 * Run: {@code bench/run.sh soak [-Dbench.minutes=10] [-Dbench.clients=4]}
 */
public final class SoakBenchmark {

    private static final int MINUTES = Integer.getInteger("bench.minutes", 10);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 4);
    private static final int POLLS_PER_COMMAND = Integer.getInteger("bench.pollsPerCommand", 8);
    private static final int SEED_DEVICES = 200;
    private static final String TENANT = "soak-tenant";
    private static final String GATEWAY_TOKEN = "soak-gateway-token-0123456789abcdef";
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SoakBenchmark() {
    }

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        BenchSupport.runAndExit("soak", Duration.ofMinutes(MINUTES + 30L), () -> {
            try (LocalInfra infra = PlatformRun.startInfra("soak")) {
                return run(infra, infra.dataDir());
            }
        });
    }

    record Sample(double minute, long requests, long errors, long heapMiB, int threads, double activeConnections, double connections) {
    }

    private static int run(LocalInfra infra, Path dataDir) throws Exception {
        BenchReport report = new BenchReport("soak");
        report.line("Fleetloop soak: " + MINUTES + " min of mixed load, " + CLIENTS + " clients, per round 1 command + "
                + POLLS_PER_COMMAND + " DDI polls + 2 queries; " + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB (servers, platform and clients on this one machine)");
        System.out.println("[bench] raw PostgreSQL INSERT+COMMIT baseline ...");
        double raw = rawInserts(infra, 1, 2000);

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("fleetloop.objectstore.bucket", "fleetloop-soak");
        settings.put("fleetloop.ota.gateway-tokens." + TENANT, GATEWAY_TOKEN);
        System.out.println("[bench] starting the platform ...");
        try (PlatformRun run = PlatformRun.start(infra, settings)) {
            ConfigurableApplicationContext platform = run.context;
            String baseUrl = run.baseUrl;
            String token = platform.getBean(TokenIssuer.class).issue("soak@" + TENANT, List.of(TENANT),
                    List.of(Role.OTA_OPERATOR.name(), Role.DATA_ENGINEER.name()), Duration.ofHours(2)).accessToken();
            MeterRegistry meters = platform.getBean(MeterRegistry.class);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            System.out.println("[bench] raw HTTP baseline ...");
            double rawHttp = roundTrips(http, baseUrl + "/actuator/health", Duration.ofSeconds(10));

            StringBuilder csv = new StringBuilder("deviceId,deviceType,installedVersion\n");
            for (int i = 0; i < SEED_DEVICES; i++) csv.append("soak-seed-").append(i).append(",VEHICLE,1.0\n");
            expect(send(http, baseUrl, token, "POST", "/v1/devices/bulk", "text/csv", csv.toString()), 200, "seed registration");

            AtomicLong requests = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicLong commands = new AtomicLong();
            Map<String, String> firstErrors = new ConcurrentHashMap<>();
            List<Sample> samples = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + Duration.ofMinutes(MINUTES).toNanos();
            Thread sampler = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        samples.add(sample(start, requests.get(), errors.get(), meters));
                        Sample last = samples.get(samples.size() - 1);
                        System.out.printf(Locale.ROOT, "[bench] %5.1f min: %d requests, %d errors, heap %d MiB, %d threads, connections %.0f active / %.0f%n",
                                last.minute(), last.requests(), last.errors(), last.heapMiB(), last.threads(), last.activeConnections(), last.connections());
                        Thread.sleep(Math.min(SAMPLE_EVERY.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "soak-sampler");
            sampler.setDaemon(true);
            sampler.start();

            parallel(CLIENTS, client -> {
                int round = 0;
                while (System.nanoTime() < end) {
                    round++;
                    String device = "soak-" + client + "-" + round;
                    count(send(http, baseUrl, token, "POST", "/v1/devices/bulk", "text/csv",
                            "deviceId,deviceType,installedVersion\n" + device + ",VEHICLE,1.0\n"), 200, "register", requests, errors, firstErrors);
                    commands.incrementAndGet();
                    for (int p = 0; p < POLLS_PER_COMMAND; p++) {
                        String polled = "soak-seed-" + ThreadLocalRandom.current().nextInt(SEED_DEVICES);
                        count(sendDdi(http, baseUrl + "/" + TENANT + "/controller/v1/" + polled), 200, "ddi-poll", requests, errors, firstErrors);
                    }
                    count(send(http, baseUrl, token, "GET", "/v1/devices?size=20", null, null), 200, "devices", requests, errors, firstErrors);
                    count(send(http, baseUrl, token, "GET", "/v1/assets?size=10", null, null), 200, "assets", requests, errors, firstErrors);
                }
            });
            double loadSeconds = seconds(start);
            sampler.interrupt();
            sampler.join(5_000);
            samples.add(sample(start, requests.get(), errors.get(), meters));

            long expectedDevices = SEED_DEVICES + commands.get();
            long listed = -1;
            long waitEnd = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < waitEnd) {
                HttpResponse<String> devices = send(http, baseUrl, token, "GET", "/v1/devices?size=1", null, null);
                listed = devices.statusCode() == 200 ? JSON.readTree(devices.body()).path("total").asLong(-1) : -1;
                if (listed >= expectedDevices) break;
                Thread.sleep(1000);
            }

            double poolMax = gauge(meters, "hikaricp.connections.max");
            int third = Math.max(1, samples.size() / 3);
            double firstHeap = samples.subList(0, third).stream().mapToLong(Sample::heapMiB).average().orElse(0);
            double lastHeap = samples.subList(samples.size() - third, samples.size()).stream().mapToLong(Sample::heapMiB).average().orElse(0);
            double maxConnections = samples.stream().mapToDouble(Sample::connections).max().orElse(0);
            boolean noErrors = errors.get() == 0;
            boolean flatHeap = lastHeap <= firstHeap * 1.5 + 64;
            boolean boundedConnections = poolMax <= 0 || maxConnections <= poolMax;
            boolean allListed = listed == expectedDevices;

            report.line("");
            report.row("raw PostgreSQL INSERT+COMMIT, 1 client", String.format(Locale.ROOT, "%.0f rows/s", raw), "baseline");
            report.row("raw HTTP GET /actuator/health, " + CLIENTS + " clients", String.format(Locale.ROOT, "%.0f req/s", rawHttp), "baseline");
            report.row("mixed load", String.format(Locale.ROOT, "%.0f req/s", requests.get() / loadSeconds),
                    String.format(Locale.ROOT, "%.2f× raw HTTP; %d requests in %.0f s", requests.get() / loadSeconds / rawHttp, requests.get(), loadSeconds));
            report.row("commands (device registrations)", String.format(Locale.ROOT, "%.1f /s", commands.get() / loadSeconds),
                    String.format(Locale.ROOT, "%.3f× raw insert", commands.get() / loadSeconds / raw));
            report.row("error answers", Long.toString(errors.get()), noErrors ? "ok" : "FAILED " + firstErrors);
            report.row("heap after GC, first third → last third", String.format(Locale.ROOT, "%.0f → %.0f MiB", firstHeap, lastHeap),
                    flatHeap ? "flat (≤ 1.5× + 64 MiB)" : "FAILED: grows");
            report.row("connections (max seen / pool max)", String.format(Locale.ROOT, "%.0f / %.0f", maxConnections, poolMax),
                    boundedConnections ? "ok" : "FAILED");
            report.row("devices listed / registered", listed + " / " + expectedDevices, allListed ? "ok" : "FAILED");
            report.line("");
            report.line("  minute   requests   errors   heap MiB   threads   connections active/total");
            for (Sample s : samples) {
                report.line(String.format(Locale.ROOT, "  %6.1f %10d %8d %10d %9d   %5.0f / %.0f", s.minute(), s.requests(), s.errors(), s.heapMiB(),
                        s.threads(), s.activeConnections(), s.connections()));
            }
            report.write();
            return noErrors && flatHeap && boundedConnections && allListed ? 0 : 2;
        }
    }

    private static Sample sample(long start, long requests, long errors, MeterRegistry meters) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return new Sample(seconds(start) / 60, requests, errors, memory.getHeapMemoryUsage().getUsed() / (1 << 20),
                ManagementFactory.getThreadMXBean().getThreadCount(), gauge(meters, "hikaricp.connections.active"),
                gauge(meters, "hikaricp.connections"));
    }

    private static double gauge(MeterRegistry meters, String name) {
        return meters.find(name).gauges().stream().mapToDouble(Gauge::value).sum();
    }

    private static void count(HttpResponse<String> response, int expected, String what, AtomicLong requests, AtomicLong errors,
                              Map<String, String> firstErrors) {
        requests.incrementAndGet();
        if (response == null || response.statusCode() != expected) {
            errors.incrementAndGet();
            if (firstErrors.size() < 5) {
                firstErrors.putIfAbsent(what + " " + (response == null ? "no answer" : response.statusCode()),
                        response == null ? "" : abbreviate(response.body()));
            }
        }
    }

    private static void expect(HttpResponse<String> response, int expected, String what) {
        if (response == null || response.statusCode() != expected) {
            throw new IllegalStateException(what + " answered " + (response == null ? "nothing" : response.statusCode() + " " + response.body()));
        }
    }

    private static HttpResponse<String> send(HttpClient http, String baseUrl, String token, String method, String path, String contentType,
                                             String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) request.header("Content-Type", contentType);
        return exchange(http, request.build());
    }

    private static HttpResponse<String> sendDdi(HttpClient http, String url) {
        return exchange(http, HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "GatewayToken " + GATEWAY_TOKEN).header("Accept", "application/hal+json").GET().build());
    }

    private static HttpResponse<String> exchange(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    private static double roundTrips(HttpClient http, String url, Duration duration) throws Exception {
        AtomicLong counted = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
        parallel(CLIENTS, client -> {
            while (System.nanoTime() < end) {
                if (exchange(http, request) != null) counted.incrementAndGet();
            }
        });
        return counted.get() / (duration.toNanos() / 1e9);
    }

    private static String abbreviate(String text) {
        if (text == null) return "";
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
