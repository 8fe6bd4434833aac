package io.fleetloop.bench;

import static io.fleetloop.bench.BenchSupport.parallel;
import static io.fleetloop.bench.BenchSupport.rawInserts;
import static io.fleetloop.bench.BenchSupport.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fleetloop.api.governance.Role;
import io.fleetloop.ddi.json.model.DdiResult.FinalResult;
import io.fleetloop.ddi.json.model.DdiStatus.ExecutionStatus;
import io.fleetloop.ddi.rest.api.DdiRestConstants;
import io.fleetloop.edge.ota.DdiAuth;
import io.fleetloop.edge.ota.DdiClient;
import io.fleetloop.edge.ota.Fleet;
import io.fleetloop.edge.ota.FleetOptions;
import io.fleetloop.edge.ota.FleetStats;
import io.fleetloop.edge.ota.ProgressBar;
import io.fleetloop.infra.LocalInfra;
import io.fleetloop.platform.FleetloopApplication;
import io.fleetloop.platform.infra.InfraProperties;
import io.fleetloop.platform.security.TokenIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * An OTA rollout to a simulated fleet (issue #4 item 10), everything in this one JVM: the real servers
 * ({@link LocalInfra}: PostgreSQL, S3, Kafka, Elasticsearch on free ports, a fresh database), the platform app, and
 * the edge agent's {@link Fleet} of N devices polling hawkBit DDI with the tenant's gateway token. In order:
 * <ol>
 *   <li>baseline: raw PostgreSQL INSERT+COMMIT of an event-sized row on the same server, 1 client and as many
 *       clients as the fleet has threads;</li>
 *   <li>baseline: raw HTTP round trips against the platform's {@code /actuator/health} and
 *       {@code /actuator/health}, as many clients as the fleet has threads, over the fleet's kind of HttpClient:
 *       once right after startup (cold, for the record) and once after the rollout with the fleet stopped (warm;
 *       the ratios use this one);</li>
 *   <li>bulk registration of the N devices ({@code POST /v1/devices/bulk}, CSV, in chunks), then the wait until the
 *       registry (a projection) lists all of them;</li>
 *   <li>the fleet starts and checks in (every device polls and sends its attributes once);</li>
 *   <li>a DOTA release of a small signed artifact, gray batches 10/20/70 % without a wait between them, started over
 *       the registry's eligible devices; the devices download, verify, install (a share fails its health check)
 *       and report; the benchmark follows the batches until the task is COMPLETED;</li>
 *   <li>checks: fleet, release task, batches and registry ({@code GET /v1/devices?installedVersion=}) must agree,
 *       or the benchmark fails.</li>
 *   <li>capacity, fleet stopped: 16 clients poll every device without pause; then a second release to every device in
 *       one batch, and the same clients send each device's four reports without pause (it must complete).</li>
 * </ol>
 * DDI request counts come from the server's own {@code http.server.requests} timers, sampled every 100 ms.
 * <p>
 * Run (offline, no install): {@code bench/run.sh ota-rollout (or bench/ota-rollout.sh) [-Dota.devices=100000] [-Dota.failureRate=0.01]
 * [-Dota.artifactBytes=4096] [-Dota.threads=16] [-Dota.pollingSleep=PT5S] [-Dota.registerChunk=10000]}; the
 * report is printed and written to {@code bench/target/ota-rollout.txt}.
 */
public final class OtaRolloutBenchmark {

    private static final int DEVICES = Integer.getInteger("ota.devices", 100_000);
    private static final double FAILURE_RATE = Double.parseDouble(System.getProperty("ota.failureRate", "0.01"));
    private static final int ARTIFACT_BYTES = Integer.getInteger("ota.artifactBytes", 4096);
    private static final int THREADS = Integer.getInteger("ota.threads", 16);
    private static final String POLLING_SLEEP = System.getProperty("ota.pollingSleep", "PT5S");
    private static final int REGISTER_CHUNK = Integer.getInteger("ota.registerChunk", 10_000);
    private static final String BATCH_TIMEOUT = System.getProperty("ota.batchTimeout", "PT2H");
    private static final Duration ROLLOUT_TIMEOUT = Duration.parse(System.getProperty("ota.timeout", "PT4H"));
    private static final int RAW_ROWS = Integer.getInteger("ota.rawRows", 4000);
    private static final Duration HTTP_BASELINE = Duration.ofSeconds(Integer.getInteger("ota.httpSeconds", 5));

    private static final String TENANT = "bench";
    private static final String GATEWAY_TOKEN = "bench-gateway-token-0123456789abcdef";
    private static final String FLEET = "bench";
    private static final String ID_PREFIX = "bench-";
    private static final int ID_WIDTH = 6;
    private static final String OLD_VERSION = "bench-v1";
    private static final String NEW_VERSION = "bench-v2";
    /** The version of the second release, which measures the feedback capacity. */
    private static final String CAPACITY_VERSION = "bench-v3";
    private static final String POLL_URI = "/{tenant}/controller/v1/{controllerId}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OtaRolloutBenchmark() {
    }

    public static void main(String[] args) {
        // FleetloopApplication.main does this; the bench starts the app without it.
        System.setProperty("axoniq.update-checker.disabled", "true");
        BenchSupport.runAndExit("ota-rollout", ROLLOUT_TIMEOUT.plusHours(2), () -> {
            try (LocalInfra infra = PlatformRun.startInfra("ota")) {
                return run(infra, infra.dataDir());
            }
        });
    }

    private static int run(LocalInfra infra, Path dataDir) throws Exception {
        BenchReport report = new BenchReport("ota-rollout");
        report.line("Fleetloop OTA rollout benchmark: " + DEVICES + " simulated devices, failure rate " + FAILURE_RATE
                + ", artifact " + ARTIFACT_BYTES + " B, " + THREADS + " fleet threads, polling sleep " + POLLING_SLEEP
                + ", " + Runtime.getRuntime().availableProcessors() + " cores, max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        report.line("(servers, platform and fleet share this one machine; the fleet runs in the platform's JVM; PostgreSQL may be a server"
                + " that was already running, see the LocalInfra log above)");

        System.out.println("[bench] raw PostgreSQL INSERT+COMMIT baseline ...");
        double raw1 = rawInserts(infra, 1, RAW_ROWS);
        double rawN = rawInserts(infra, THREADS, RAW_ROWS);

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("fleetloop.ota.gateway-tokens." + TENANT, GATEWAY_TOKEN);
        settings.put("fleetloop.ota.polling-sleep", POLLING_SLEEP);
        System.out.println("[bench] starting the platform ...");
        try (PlatformRun run = PlatformRun.start(infra, settings)) {
            ConfigurableApplicationContext platform = run.context;
            String baseUrl = run.baseUrl;
            String token = platform.getBean(TokenIssuer.class).issue("bench@" + TENANT, List.of(TENANT),
                    List.of(Role.OTA_OPERATOR.name()), null).accessToken();
            Rest rest = new Rest(baseUrl, token);
            ServerCounters counters = new ServerCounters(platform.getBean(MeterRegistry.class));

            System.out.println("[bench] raw HTTP baseline (cold: right after startup) ...");
            double healthCold = httpRoundTrips(URI.create(baseUrl + "/actuator/health")).perSecond();

            // Registration
            System.out.println("[bench] registering " + DEVICES + " devices in chunks of " + REGISTER_CHUNK + " ...");
            long registerStart = System.nanoTime();
            int registered = 0;
            for (int from = 1; from <= DEVICES; from += REGISTER_CHUNK) {
                int to = Math.min(DEVICES, from + REGISTER_CHUNK - 1);
                StringBuilder csv = new StringBuilder("deviceId,deviceType,installedVersion,attr.fleet\n");
                for (int i = from; i <= to; i++) {
                    csv.append(controllerId(i)).append(",VEHICLE,").append(OLD_VERSION).append(',').append(FLEET).append('\n');
                }
                long chunkStart = System.nanoTime();
                JsonNode answer = rest.send("POST", "/v1/devices/bulk", "text/csv", csv.toString(), 200);
                int count = answer.path("registered").asInt(-1);
                if (count != to - from + 1) {
                    throw new IllegalStateException("bulk registration of " + (to - from + 1) + " devices registered " + count
                            + " (already registered: " + answer.path("alreadyRegisteredCount").asInt() + ")");
                }
                registered += count;
                System.out.printf(Locale.ROOT, "[bench]   %d/%d registered (%.0f devices/s this chunk)%n", registered, DEVICES,
                        count / seconds(chunkStart));
            }
            double registerSeconds = seconds(registerStart);
            waitUntil("the registry lists all " + DEVICES + " devices", Duration.ofMinutes(30),
                    () -> devicesWhere("attr.fleet=" + FLEET, rest) >= DEVICES);
            double registryVisibleSeconds = seconds(registerStart);

            // Artifact and release
            byte[] artifact = new byte[ARTIFACT_BYTES];
            new Random(7).nextBytes(artifact);
            String key = "tenants/" + TENANT + "/models/ota-bench/" + NEW_VERSION + ".bin";
            MinioClient s3 = MinioClient.builder().endpoint(infra.objectStore().endpoint())
                    .credentials(infra.objectStore().accessKey(), infra.objectStore().secretKey()).region(infra.objectStore().region()).build();
            s3.putObject(PutObjectArgs.builder().bucket("fleetloop-bench").object(key)
                    .stream(new ByteArrayInputStream(artifact), artifact.length, -1).build());
            String taskId = createRelease(rest, NEW_VERSION, OLD_VERSION, key, List.of(10, 20, 70));

            // The fleet checks in: every device polls once and sends its attributes (configData).
            System.out.println("[bench] starting the fleet ...");
            FleetOptions options = FleetOptions.of(URI.create(baseUrl), TENANT, GATEWAY_TOKEN, DEVICES)
                    .withIds(ID_PREFIX, ID_WIDTH).withFailureRate(FAILURE_RATE).withThreads(THREADS);
            Sampler sampler = new Sampler(counters);
            sampler.start();
            try (Fleet fleet = Fleet.start(options)) {
                long checkInStart = System.nanoTime();
                ServerCounters.Snapshot beforeCheckIn = counters.snapshot();
                waitUntil("every device checked in", Duration.ofHours(1), () -> {
                    FleetStats stats = fleet.stats();
                    progress("check-in: " + stats.reportsSent() + "/" + DEVICES + " attribute reports", stats);
                    return stats.reportsSent() >= DEVICES;
                });
                double checkInSeconds = seconds(checkInStart);
                ServerCounters.Snapshot afterCheckIn = counters.snapshot();
                long reportsBeforeRollout = fleet.stats().reportsSent();
                // Idle polling for a few seconds: polls/s when there is nothing to do.
                Thread.sleep(5000);
                ServerCounters.Snapshot afterIdle = counters.snapshot();
                double idleSeconds = (afterIdle.nanos() - afterCheckIn.nanos()) / 1e9;

                // The rollout
                System.out.println("[bench] starting the release ...");
                ServerCounters.Snapshot beforeRollout = counters.snapshot();
                long rolloutStart = System.nanoTime();
                Instant rolloutStartInstant = Instant.now();
                rest.send("POST", "/v1/release-tasks/" + taskId + "/start", "application/json", null, 202);
                JsonNode task = MissingNode.getInstance();
                long deadline = System.nanoTime() + ROLLOUT_TIMEOUT.toNanos();
                long lastPrint = 0;
                while (true) {
                    task = rest.send("GET", "/v1/release-tasks/" + taskId, null, null, 200);
                    String status = task.path("status").asText();
                    if (status.equals("COMPLETED")) break;
                    if (status.equals("PAUSED") || status.equals("ROLLED_BACK")) {
                        throw new IllegalStateException("the release stopped: " + status + " (" + task.path("statusReason").asText() + ")\n"
                                + rest.send("GET", "/v1/release-tasks/" + taskId + "/batches", null, null, 200).toPrettyString());
                    }
                    if (System.nanoTime() > deadline) throw new IllegalStateException("the release did not complete in " + ROLLOUT_TIMEOUT);
                    if (System.nanoTime() - lastPrint > 2_000_000_000L) {
                        lastPrint = System.nanoTime();
                        progress("rollout " + status + " " + task.path("successCount").asInt() + " ok " + task.path("failureCount").asInt()
                                + " failed of " + task.path("totalDevices").asInt(), fleet.stats());
                    }
                    Thread.sleep(200);
                }
                double rolloutSeconds = seconds(rolloutStart);
                ServerCounters.Snapshot afterRollout = counters.snapshot();
                // Devices that got their last answer just now may still be reporting; the fleet is left to settle.
                waitUntil("the fleet settles", Duration.ofMinutes(2), () -> fleet.stats().inProgress() == 0);
                FleetStats stats = fleet.stats();
                long rolloutReportsFleet = stats.reportsSent() - reportsBeforeRollout;
                sampler.stop();
                fleet.close();
                // The HTTP baseline again on the warm JVM with the fleet stopped: the one the ratios use.
                System.out.println("[bench] raw HTTP baseline (warm: after the rollout, fleet stopped) ...");
                HttpRate health = httpRoundTrips(URI.create(baseUrl + "/actuator/health"));
                double healthRate = health.perSecond();
                // What the server answers when the polls come as fast as the health check's: the same clients, every
                // device in turn, its gateway-token base poll (contact throttle and action lookup included).
                System.out.println("[bench] DDI poll capacity (" + THREADS + " clients without pause, fleet stopped) ...");
                String controllers = baseUrl + DdiRestConstants.BASE_V1_REQUEST_MAPPING.replace("{tenant}", TENANT) + "/";
                HttpRate polls = httpRoundTrips(n -> HttpRequest.newBuilder(URI.create(controllers + controllerId(1 + n % DEVICES)))
                        .header("Authorization", "GatewayToken " + GATEWAY_TOKEN).header("Accept", "application/hal+json, application/json")
                        .timeout(Duration.ofSeconds(30)).GET().build());
                double pollCapacity = polls.perSecond();
                List<JsonNode> batches = new ArrayList<>();
                rest.send("GET", "/v1/release-tasks/" + taskId + "/batches", null, null, 200).path("items").forEach(batches::add);
                batches.sort(Comparator.comparingInt(b -> b.path("batchIndex").asInt()));

                // Checks
                List<String> problems = new ArrayList<>();
                int totalInBatches = 0, batchOk = 0, batchFailed = 0, batchSilent = 0;
                for (JsonNode batch : batches) {
                    totalInBatches += batch.path("deviceCount").asInt();
                    batchOk += batch.path("successCount").asInt();
                    batchFailed += batch.path("failureCount").asInt();
                    batchSilent += batch.path("silentCount").asInt();
                    if (!"COMPLETED".equals(batch.path("status").asText())) problems.add("batch " + batch.path("batchIndex") + " is " + batch.path("status"));
                }
                check(problems, "batches cover every device", totalInBatches, DEVICES);
                check(problems, "task total devices", task.path("totalDevices").asInt(), DEVICES);
                check(problems, "silent devices", batchSilent, 0);
                check(problems, "fleet installed + failed", stats.installed() + stats.failed(), DEVICES);
                check(problems, "task successes = fleet installed", task.path("successCount").asInt(), stats.installed());
                check(problems, "task failures = fleet failed", task.path("failureCount").asInt(), stats.failed());
                check(problems, "batch successes = fleet installed", batchOk, stats.installed());
                check(problems, "batch failures = fleet failed", batchFailed, stats.failed());
                check(problems, "devices refused (bad signature etc.)", stats.count(io.fleetloop.edge.ota.DeviceState.REFUSED), 0);
                long registryNew = -1, registryOld = -1;
                long settle = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                do {
                    registryNew = devicesWhere("installedVersion=" + NEW_VERSION, rest);
                    registryOld = devicesWhere("installedVersion=" + OLD_VERSION, rest);
                    if (registryNew == stats.installed() && registryOld == stats.failed()) break;
                    Thread.sleep(500);
                } while (System.nanoTime() < settle);
                check(problems, "registry on " + NEW_VERSION + " = fleet installed", registryNew, stats.installed());
                check(problems, "registry on " + OLD_VERSION + " = fleet failed", registryOld, stats.failed());
                // Last, as it moves every device to another version: what the server takes when feedback comes as fast
                // as the clients can send it.
                FeedbackCapacity feedbackCapacity = feedbackCapacity(rest, baseUrl, key);
                check(problems, "capacity release: devices succeeded", feedbackCapacity.succeeded(), DEVICES);
                long expectedFeedback = 4L * DEVICES;
                long feedbackInRollout = afterRollout.feedback() - beforeRollout.feedback();

                // Report
                report.line("");
                report.line("Baselines (same run, same servers)");
                report.row("raw PostgreSQL INSERT+COMMIT, 1 client", fmt(raw1) + " rows/s", "");
                report.row("raw PostgreSQL INSERT+COMMIT, " + THREADS + " clients", fmt(rawN) + " rows/s", "");
                report.row("raw HTTP GET /actuator/health, " + THREADS + " clients (warm, after)", fmt(healthRate) + " req/s",
                        "cold, after startup: " + fmt(healthCold) + "; machine CPU " + cpuMs(health.cpuMs(), health.jitMs()) + " per request");
                report.line("");
                report.line("Registration");
                report.row("bulk registration (REST, " + DEVICES + " devices, CSV chunks of " + REGISTER_CHUNK + ")",
                        String.format(Locale.ROOT, "%.1f s", registerSeconds), fmt(DEVICES / registerSeconds) + " devices/s");
                report.row("until the registry lists them all", String.format(Locale.ROOT, "%.1f s", registryVisibleSeconds),
                        fmt(DEVICES / registryVisibleSeconds) + " devices/s");
                report.row("fleet check-in (poll + attribute report each)", String.format(Locale.ROOT, "%.1f s", checkInSeconds),
                        fmt((afterCheckIn.polls() - beforeCheckIn.polls()) / checkInSeconds) + " polls/s");
                double idlePolls = (afterIdle.polls() - afterCheckIn.polls()) / idleSeconds;
                report.row("idle DDI polls (nothing to do)", fmt(idlePolls) + " polls/s",
                        ratio(idlePolls, healthRate) + " x health");
                report.line("");
                report.line("Rollout (batches 10/20/70 %, no interval; server times startedAt -> completedAt)");
                report.line(String.format(Locale.ROOT, "  %-6s %8s %9s %8s %7s %10s %12s %12s", "batch", "devices", "seconds",
                        "ok", "failed", "results/s", "feedback/s", "DDI req/s"));
                for (JsonNode batch : batches) {
                    Instant started = Instant.parse(batch.path("startedAt").asText());
                    Instant completed = Instant.parse(batch.path("completedAt").asText());
                    double s = Duration.between(started, completed).toNanos() / 1e9;
                    ServerCounters.Snapshot a = sampler.at(started), b = sampler.at(completed);
                    report.line(String.format(Locale.ROOT, "  %-6d %8d %9.1f %8d %7d %10s %12s %12s", batch.path("batchIndex").asInt(),
                            batch.path("deviceCount").asInt(), s, batch.path("successCount").asInt(), batch.path("failureCount").asInt(),
                            fmt(batch.path("deviceCount").asInt() / s), fmt((b.feedback() - a.feedback()) / s), fmt((b.ddi() - a.ddi()) / s)));
                }
                Instant firstStarted = batches.isEmpty() ? rolloutStartInstant : Instant.parse(batches.get(0).path("startedAt").asText());
                Instant lastCompleted = batches.isEmpty() ? Instant.now() : Instant.parse(batches.get(batches.size() - 1).path("completedAt").asText());
                double serverSeconds = Duration.between(firstStarted, lastCompleted).toNanos() / 1e9;
                double feedbackRate = feedbackInRollout / rolloutSeconds;
                double pollRate = (afterRollout.polls() - beforeRollout.polls()) / rolloutSeconds;
                double ddiRate = (afterRollout.ddi() - beforeRollout.ddi()) / rolloutSeconds;
                report.line("");
                report.row("end-to-end rollout (POST start -> task COMPLETED seen)", String.format(Locale.ROOT, "%.1f s", rolloutSeconds),
                        fmt(DEVICES / rolloutSeconds) + " devices/s");
                report.row("first batch started -> last batch completed (server)", String.format(Locale.ROOT, "%.1f s", serverSeconds), "");
                report.row("feedback reports sustained (server count " + feedbackInRollout + ")", fmt(feedbackRate) + " reports/s",
                        ratio(feedbackRate, rawN) + " x raw INSERT+COMMIT " + THREADS + " clients, " + ratio(feedbackRate, raw1) + " x 1 client");
                report.row("peak feedback reports, best 1 s", fmt(sampler.peakFeedbackPerSecond()) + " reports/s", "");
                report.row("DDI polls during the rollout", fmt(pollRate) + " polls/s",
                        ratio(pollRate, healthRate) + " x health");
                report.row("all DDI requests during the rollout", fmt(ddiRate) + " req/s",
                        ratio(ddiRate, healthRate) + " x health");
                report.row("DDI poll capacity, " + THREADS + " clients without pause (fleet stopped)", fmt(pollCapacity) + " polls/s",
                        ratio(pollCapacity, healthRate) + " x health (goal 5,000 polls/s); machine CPU " + cpuMs(polls.cpuMs(), polls.jitMs()) + " per poll");
                report.row("one batch of every device started (POST start answered: batch event and " + DEVICES + " actions committed)",
                        String.format(Locale.ROOT, "%.1f s", feedbackCapacity.startSeconds()), "goal: a rollout of 100,000 devices in < 2 min of server time");
                report.row("DDI feedback capacity, " + THREADS + " clients without pause (fleet stopped, 4 reports per device)",
                        fmt(feedbackCapacity.perSecond()) + " reports/s", ratio(feedbackCapacity.perSecond(), rawN) + " x raw INSERT+COMMIT "
                                + THREADS + " clients (goal >= 1x); machine CPU " + cpuMs(feedbackCapacity.cpuMs(), feedbackCapacity.jitMs()) + " per report");
                report.row("server mean latency during the rollout: poll / feedback",
                        String.format(Locale.ROOT, "%.1f / %.1f ms", afterRollout.meanPollMillis(beforeRollout), afterRollout.meanFeedbackMillis(beforeRollout)), "");
                report.row("fleet: feedback and configData calls during the rollout (feedback expected " + expectedFeedback + ")", Long.toString(rolloutReportsFleet), "");
                report.row("fleet: artifact bytes downloaded", Long.toString(stats.bytesDownloaded()), "");
                report.line("");
                report.line("Outcome");
                report.row("installed (fleet / task / registry on " + NEW_VERSION + ")", stats.installed() + " / "
                        + task.path("successCount").asInt() + " / " + registryNew, "");
                report.row("failed health check (fleet / task / registry on " + OLD_VERSION + ")", stats.failed() + " / "
                        + task.path("failureCount").asInt() + " / " + registryOld,
                        String.format(Locale.ROOT, "%.2f %% (rate %.2f %%)", 100.0 * stats.failed() / DEVICES, 100 * FAILURE_RATE));
                report.row("devices whose last poll erred (transient, at the end)", Integer.toString(stats.errors().size()), "");
                report.row("checks", problems.isEmpty() ? "all agree" : problems.size() + " FAILED", "");
                problems.forEach(p -> report.line("  MISMATCH: " + p));
                report.write();
                return problems.isEmpty() ? 0 : 2;
            } finally {
                sampler.stop();
            }
        }
    }

    // ---------------------------------------------------------------- releases and the feedback capacity

    /** A DOTA release of the bench's artifact to the bench fleet's vehicles, no wait between its batches; its task id. */
    private static String createRelease(Rest rest, String versionId, String previousVersionId, String artifactKey, List<Integer> batches)
            throws Exception {
        Map<String, Object> grayPolicy = new LinkedHashMap<>();
        grayPolicy.put("batchPercentages", batches);
        grayPolicy.put("interval", "PT0S");
        grayPolicy.put("successThreshold", 0.9);
        grayPolicy.put("errorThreshold", 0.1);
        grayPolicy.put("batchTimeout", BATCH_TIMEOUT);
        grayPolicy.put("deviceFilter", Map.of("fleet", FLEET));
        Map<String, Object> release = new LinkedHashMap<>();
        release.put("releaseType", "DOTA");
        release.put("versionId", versionId);
        release.put("artifactUri", "s3://fleetloop-bench/" + artifactKey);
        release.put("targetDeviceType", "vehicle");
        release.put("previousVersionId", previousVersionId);
        release.put("grayPolicy", grayPolicy);
        return rest.send("POST", "/v1/release-tasks", "application/json", JSON.writeValueAsString(release), 201).path("taskId").asText();
    }

    /**
     * Reports per second, the machine's busy CPU and this JVM's JIT compilers' CPU per report, the devices the release
     * counted as succeeded, and how long the server took to start the release's one batch of every device
     * ({@code POST .../start} answers once the batch's event and every device's action are committed).
     */
    record FeedbackCapacity(double perSecond, double cpuMs, double jitMs, long succeeded, double startSeconds) {
    }

    /**
     * A second release of the same artifact ({@value #CAPACITY_VERSION}) to every device in one batch, with the fleet
     * stopped. Untimed: the clients poll each device until its base links the action. Timed: the same {@link #THREADS}
     * clients send each device's four reports (download, downloaded, proceeding, closed with success), device after
     * device, without pause; each is a new stage, so each is recorded. Then the release must complete.
     */
    private static FeedbackCapacity feedbackCapacity(Rest rest, String baseUrl, String artifactKey) throws Exception {
        System.out.println("[bench] DDI feedback capacity (a second release to every device, " + THREADS + " clients without pause) ...");
        String taskId = createRelease(rest, CAPACITY_VERSION, NEW_VERSION, artifactKey, List.of(100));
        long startCall = System.nanoTime();
        rest.send("POST", "/v1/release-tasks/" + taskId + "/start", "application/json", null, 202);
        double startSeconds = seconds(startCall);
        System.out.printf(Locale.ROOT, "[bench] one batch of %d devices started in %.1f s%n", DEVICES, startSeconds);

        DdiClient ddi = new DdiClient(DdiClient.newHttpClient(), URI.create(baseUrl), TENANT, DdiAuth.gatewayToken(GATEWAY_TOKEN));
        String[] actions = new String[DEVICES];
        AtomicInteger nextPoll = new AtomicInteger();
        long pollDeadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        parallel(THREADS, client -> {
            try {
                for (int i; (i = nextPoll.getAndIncrement()) < DEVICES; ) {
                    while (true) {
                        Optional<String> href = ddi.poll(controllerId(i + 1)).href(DdiRestConstants.DEPLOYMENT_BASE_ACTION);
                        if (href.isPresent()) {
                            String path = URI.create(href.get()).getPath();
                            actions[i] = path.substring(path.lastIndexOf('/') + 1);
                            break;
                        }
                        if (System.nanoTime() > pollDeadline) throw new IllegalStateException(controllerId(i + 1) + " got no action in 10 min");
                        Thread.sleep(100);
                    }
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        AtomicInteger nextDevice = new AtomicInteger();
        long cpu = BenchSupport.machineBusyMillis();
        long jit = BenchSupport.jitCpuMillis();
        long start = System.nanoTime();
        parallel(THREADS, client -> {
            try {
                for (int i; (i = nextDevice.getAndIncrement()) < DEVICES; ) {
                    String device = controllerId(i + 1);
                    ddi.feedback(device, actions[i], ExecutionStatus.DOWNLOAD, FinalResult.NONE, List.of("bench: downloading"), null);
                    ddi.feedback(device, actions[i], ExecutionStatus.DOWNLOADED, FinalResult.NONE, List.of("bench: downloaded"), null);
                    ddi.feedback(device, actions[i], ExecutionStatus.PROCEEDING, FinalResult.NONE, List.of("bench: installing"), null);
                    ddi.feedback(device, actions[i], ExecutionStatus.CLOSED, FinalResult.SUCCESS, List.of("bench: installed"), null);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        double seconds = seconds(start);
        long reports = 4L * DEVICES;
        double cpuMs = (BenchSupport.machineBusyMillis() - cpu) / (double) reports;
        double jitMs = (BenchSupport.jitCpuMillis() - jit) / (double) reports;
        System.out.printf(Locale.ROOT, "[bench] %d reports in %.1f s%n", reports, seconds);
        JsonNode[] task = {MissingNode.getInstance()};
        waitUntil("the capacity release completes", Duration.ofMinutes(10), () -> {
            task[0] = rest.send("GET", "/v1/release-tasks/" + taskId, null, null, 200);
            return "COMPLETED".equals(task[0].path("status").asText());
        });
        return new FeedbackCapacity(reports / seconds, cpuMs, jitMs, task[0].path("successCount").asLong(), startSeconds);
    }

    // ---------------------------------------------------------------- baselines

    /**
     * Requests per second, and the machine's busy CPU per request ({@link BenchSupport#machineBusyMillis}: every process,
     * the clients in this JVM included, so a poll's own cost is its figure less the health check's), and of that the CPU
     * this JVM's JIT compilers took ({@link BenchSupport#jitCpuMillis}).
     */
    record HttpRate(double perSecond, double cpuMs, double jitMs) {
    }

    /** GETs {@code uri} from THREADS clients over one shared HttpClient (as the fleet's) for the baseline's duration, after a 2 s warm-up. */
    private static HttpRate httpRoundTrips(URI uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
        return httpRoundTrips(n -> request);
    }

    /** As {@link #httpRoundTrips(URI)}, the n-th request of the run being {@code requests.apply(n)}; every answer must be 200. */
    private static HttpRate httpRoundTrips(IntFunction<HttpRequest> requests) throws Exception {
        HttpClient http = DdiClient.newHttpClient();
        AtomicInteger sent = new AtomicInteger();
        long warmUpEnd = System.nanoTime() + 2_000_000_000L;
        long end = warmUpEnd + HTTP_BASELINE.toNanos();
        AtomicLong counted = new AtomicLong();
        long cpu = BenchSupport.machineBusyMillis();
        long jit = BenchSupport.jitCpuMillis();
        parallel(THREADS, client -> {
            try {
                while (true) {
                    long now = System.nanoTime();
                    if (now > end) return;
                    HttpRequest request = requests.apply(sent.getAndIncrement());
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
                    if (now >= warmUpEnd && System.nanoTime() <= end) counted.incrementAndGet();
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return new HttpRate(counted.get() / (HTTP_BASELINE.toNanos() / 1e9), (BenchSupport.machineBusyMillis() - cpu) / (double) sent.get(),
                (BenchSupport.jitCpuMillis() - jit) / (double) sent.get());
    }

    /** The machine's CPU per operation, with the part this JVM's JIT compilers took. */
    private static String cpuMs(double value, double jit) {
        return String.format(Locale.ROOT, "%.2f ms (JIT %.2f ms)", value, jit);
    }

    // ---------------------------------------------------------------- helpers

    private static String controllerId(int index) {
        String number = Integer.toString(index);
        return ID_PREFIX + "0".repeat(Math.max(0, ID_WIDTH - number.length())) + number;
    }

    private static long devicesWhere(String query, Rest rest) throws Exception {
        return rest.send("GET", "/v1/devices?size=1&" + query, null, null, 200).path("total").asLong(-1);
    }

    private static void check(List<String> problems, String what, long actual, long expected) {
        if (actual != expected) problems.add(what + ": " + actual + ", expected " + expected);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitUntil(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out after " + timeout + " waiting until " + what);
            Thread.sleep(250);
        }
    }

    private static long lastProgress;

    private static void progress(String what, FleetStats stats) {
        long now = System.nanoTime();
        if (now - lastProgress < 2_000_000_000L) return;
        lastProgress = now;
        System.out.println("[bench] " + what + "  " + ProgressBar.line(stats, 0, 30).replaceAll(" · [^·]*reports/s", ""));
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%.1f", value);
    }

    private static String ratio(double value, double base) {
        return String.format(Locale.ROOT, "%.2f", value / base);
    }

    /** A bearer-token REST client that insists on the expected status. */
    private record Rest(String baseUrl, String token) {

        private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        JsonNode send(String method, String path, String contentType, String body, int expected) throws Exception {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (contentType != null) builder.header("Content-Type", contentType);
            builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + " (expected " + expected + "): "
                        + response.body());
            }
            String raw = response.body();
            return raw == null || raw.isBlank() ? MissingNode.getInstance() : JSON.readTree(raw);
        }
    }

    /** The server's own count of DDI requests, from the {@code http.server.requests} timers (recorded when a response completes). */
    static final class ServerCounters {

        record Snapshot(long nanos, long epochMillis, long polls, long feedback, long ddi, double pollNanos, double feedbackNanos) {

            double meanPollMillis(Snapshot before) {
                return (pollNanos - before.pollNanos) / Math.max(1, polls - before.polls) / 1e6;
            }

            double meanFeedbackMillis(Snapshot before) {
                return (feedbackNanos - before.feedbackNanos) / Math.max(1, feedback - before.feedback) / 1e6;
            }
        }

        private final MeterRegistry registry;

        ServerCounters(MeterRegistry registry) {
            this.registry = registry;
        }

        Snapshot snapshot() {
            long polls = 0, feedback = 0, ddi = 0;
            double pollNanos = 0, feedbackNanos = 0;
            for (Timer timer : registry.find("http.server.requests").timers()) {
                String uri = timer.getId().getTag("uri");
                if (uri == null || !uri.startsWith("/{tenant}/controller/v1/")) continue;
                long count = timer.count();
                ddi += count;
                if (uri.equals(POLL_URI)) {
                    polls += count;
                    pollNanos += timer.totalTime(TimeUnit.NANOSECONDS);
                }
                if (uri.endsWith("/deploymentBase/{actionId}/feedback")) {
                    feedback += count;
                    feedbackNanos += timer.totalTime(TimeUnit.NANOSECONDS);
                }
            }
            return new Snapshot(System.nanoTime(), System.currentTimeMillis(), polls, feedback, ddi, pollNanos, feedbackNanos);
        }
    }

    /** Samples the server counters every 100 ms, to cut them at the batches' server-side start and end times. */
    static final class Sampler {

        private final ServerCounters counters;
        private final List<ServerCounters.Snapshot> samples = new ArrayList<>();
        private volatile boolean running;
        private Thread thread;

        Sampler(ServerCounters counters) {
            this.counters = counters;
        }

        void start() {
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    ServerCounters.Snapshot snapshot = counters.snapshot();
                    synchronized (samples) {
                        samples.add(snapshot);
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "ota-bench-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) thread.join();
        }

        /** The counters at {@code instant}, interpolated between the samples around it. */
        ServerCounters.Snapshot at(Instant instant) {
            long t = instant.toEpochMilli();
            synchronized (samples) {
                ServerCounters.Snapshot before = samples.get(0), after = samples.get(samples.size() - 1);
                for (ServerCounters.Snapshot s : samples) {
                    if (s.epochMillis() <= t) before = s;
                    if (s.epochMillis() >= t) {
                        after = s;
                        break;
                    }
                }
                if (after.epochMillis() == before.epochMillis()) return before;
                double f = Math.max(0, Math.min(1, (t - before.epochMillis()) / (double) (after.epochMillis() - before.epochMillis())));
                return new ServerCounters.Snapshot(0, t, interpolate(before.polls(), after.polls(), f),
                        interpolate(before.feedback(), after.feedback(), f), interpolate(before.ddi(), after.ddi(), f), 0, 0);
            }
        }

        double peakFeedbackPerSecond() {
            synchronized (samples) {
                double best = 0;
                int j = 0;
                for (int i = 0; i < samples.size(); i++) {
                    while (j < samples.size() && samples.get(j).epochMillis() - samples.get(i).epochMillis() < 1000) j++;
                    if (j == samples.size()) break;
                    ServerCounters.Snapshot a = samples.get(i), b = samples.get(j);
                    best = Math.max(best, (b.feedback() - a.feedback()) * 1000.0 / (b.epochMillis() - a.epochMillis()));
                }
                return best;
            }
        }

        private static long interpolate(long a, long b, double f) {
            return Math.round(a + (b - a) * f);
        }
    }
}
