package io.fleetloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.governance.Role;
import io.fleetloop.api.orchestration.DataFlowTriggeredEvent;
import io.fleetloop.api.orchestration.TriggeredClip;
import io.fleetloop.edge.collect.ClipUploader;
import io.fleetloop.edge.collect.CollectionAgent;
import io.fleetloop.edge.collect.CollectionFleet;
import io.fleetloop.edge.ota.DdiAuth;
import io.fleetloop.infra.LocalInfra;
import io.fleetloop.platform.FleetloopApplication;
import io.fleetloop.platform.infra.InfraProperties;
import io.fleetloop.platform.security.TokenIssuer;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Edge collection latency (issue 14, benchmarks): object landed → asset searchable in {@code GET /v1/assets}, with
 * {@code -Dbench.devices} (default 100) simulated vehicles on one machine: the servers ({@link LocalInfra}: PostgreSQL,
 * S3, Kafka, Elasticsearch on free ports, a fresh database) and the platform in this JVM, and the edge agent's
 * {@link CollectionFleet} (each device replays {@code -Dbench.driveSeconds} (60) of its generated drive, polls its rules,
 * triggers on the COLLECT flow created by {@code POST /v1/data-flows}, writes the clip, uploads it through presigned URLs
 * and reports {@code DataFlowTriggered}) in a JVM of its own at the lowest CPU priority ({@code -Dbench.fleet=process},
 * the default: vehicles are other machines, their simulation and compression use only the CPU the platform leaves) or in
 * this JVM ({@code -Dbench.fleet=in-process}: competing with the platform's threads on equal terms).
 * Before the measured run, {@code -Dbench.warmupDevices} (10) other vehicles drive {@code -Dbench.warmupSeconds} (20)
 * through the same path, not counted: a fresh platform's first clip pays for class loading, JIT and the index's first segment.
 * <ul>
 *   <li>landed: the instant the agent's upload of the object completed ({@code ClipUploader.Progress.onLanded});</li>
 *   <li>searchable: the first poll of {@code GET /v1/assets?attribute=flowId:…&size=500} (newest first, every
 *       {@code -Dbench.pollMillis}, default 100 ms) whose items carry the object's storage path.</li>
 * </ul>
 * Baseline in the same run: the round trip of that same {@code GET /v1/assets} query on the idle platform (p50), the floor
 * a poll adds. Fails (2) when a landed clip is not searchable within 60 s, the fleet reports errors or failed clips, or
 * p95 ≥ {@code -Dbench.p95GoalMs} (2000). Run: {@code bench/run.sh collection-latency [-Dbench.devices=100]}.
 * <p>
 * Where the time goes, per object, hop by hop (printed after the totals): the {@code DataFlowTriggered} and
 * {@code MetadataRegistered} events' timestamps, read back through Axon's {@link EventStore} after the run, and the
 * instants the {@code edge-clip-registration} and {@code asset-search} processors' tokens passed those events (sampled
 * every 5 ms, {@link ProcessorPassTimes}).
 */
public final class CollectionLatencyBenchmark {

    private static final int DEVICES = Integer.getInteger("bench.devices", 100);
    private static final int DRIVE_SECONDS = Integer.getInteger("bench.driveSeconds", 60);
    private static final int THREADS = Integer.getInteger("bench.threads", 16);
    /** Warm-up before the measured run (not counted): this many vehicles drive this long and their clips become searchable. */
    private static final int WARMUP_DEVICES = Integer.getInteger("bench.warmupDevices", 10);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 20);
    private static final long POLL_MILLIS = Long.getLong("bench.pollMillis", 100);
    private static final double P95_GOAL_MS = Double.parseDouble(System.getProperty("bench.p95GoalMs", "2000"));
    private static final String TENANT = "bench";
    private static final String GATEWAY_TOKEN = "bench-gateway-token-0123456789abcdef";
    /**
     * {@code process} (default): the simulated vehicles run in a JVM of their own at the lowest CPU priority
     * ({@code nice -n 19}), as vehicles are other machines: their drive simulation, compression and uploads use the
     * CPU the platform and its servers leave. {@code in-process}: in the bench JVM, competing with the platform's
     * threads on equal terms (the figures before this option).
     */
    private static final String FLEET = System.getProperty("bench.fleet", "process");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private CollectionLatencyBenchmark() {
    }

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        BenchSupport.runAndExit("collection-latency", Duration.ofMinutes(45), () -> {
            // the run's data folder and database go when the JVM exits (PlatformRun.startInfra)
            try (LocalInfra infra = PlatformRun.startInfra("collection-latency")) {
                return run(infra, infra.dataDir());
            }
        });
    }

    private static int run(LocalInfra infra, Path dataDir) throws Exception {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("fleetloop.ota.gateway-tokens." + TENANT, GATEWAY_TOKEN);
        System.out.println("[bench] starting the platform ...");
        try (PlatformRun run = PlatformRun.start(infra, settings)) {
            ConfigurableApplicationContext platform = run.context;
            String baseUrl = run.baseUrl;
            String token = platform.getBean(TokenIssuer.class).issue("bench@" + TENANT, List.of(TENANT),
                    List.of(Role.OTA_OPERATOR.name(), Role.DATA_ENGINEER.name()), null).accessToken();

            StringBuilder csv = new StringBuilder("deviceId,deviceType,installedVersion,attr.model\n");
            for (int i = 1; i <= DEVICES; i++) csv.append(deviceId(i)).append(",VEHICLE,v1,m1\n");
            for (int i = 1; i <= WARMUP_DEVICES; i++) csv.append(String.format("warm-%05d", i)).append(",VEHICLE,v1,m1\n");
            send(baseUrl, token, "POST", "/v1/devices/bulk", "text/csv", csv.toString(), 200);
            Map<String, Object> flow = Map.of("name", "latency-bench",
                    "flowRule", Map.of("trigger", Map.of("kinds", List.of("EXPRESSION", "TAKEOVER"),
                            "expression", "speed > 50.0 && abs(yaw_rate) > 3.0", "preSeconds", 5, "postSeconds", 3, "rateLimit", 2)),
                    "compressionRule", Map.of("codec", "zstd", "level", 3, "targetRatio", 50),
                    "targetPath", "edge/latency-bench",
                    "deviceSelector", Map.of("deviceType", "VEHICLE", "attributes", Map.of("model", "m1")),
                    "action", Map.of("type", "COLLECT"));
            String flowId = send(baseUrl, token, "POST", "/v1/data-flows", "application/json", JSON.writeValueAsString(flow), 201)
                    .path("flowId").asText();
            String query = "/v1/assets?size=500&attribute=" + URLEncoder.encode("flowId:" + flowId, StandardCharsets.UTF_8);

            // Baseline: the same query's round trip on the idle platform.
            List<Double> baseline = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                long t0 = System.nanoTime();
                send(baseUrl, token, "GET", query, null, null, 200);
                if (i >= 10) baseline.add((System.nanoTime() - t0) / 1e6);
            }

            Set<String> warmUpClips = warmUp(baseUrl, token, query, dataDir.resolve("warm-up-spool"));

            Map<String, Long> landed = new ConcurrentHashMap<>();
            Map<String, Long> searchable = new ConcurrentHashMap<>();
            List<String> unknown = new ArrayList<>();
            long anchorNanos = System.nanoTime();
            Instant anchorWall = Instant.now();
            CpuShares cpu = new CpuShares(CollectionLatencyBenchmark::threadGroup);
            Map<String, java.util.function.Predicate<String>> watched = new LinkedHashMap<>();
            watched.put("processor " + REGISTRATION_PROCESSOR, name -> name.startsWith("EventProcessor[" + REGISTRATION_PROCESSOR + "]"));
            watched.put("RegisterAsset command threads", name -> name.startsWith("own-unit-of-work"));
            watched.put("processor " + SEARCH_PROCESSOR, name -> name.startsWith("EventProcessor[" + SEARCH_PROCESSOR + "]"));
            ThreadStates states = new ThreadStates(20, watched);
            ProcessorPassTimes passTimes = new ProcessorPassTimes(platform.getBean(EventProcessingConfiguration.class), 5,
                    REGISTRATION_PROCESSOR, SEARCH_PROCESSOR);
            volatileStop = false;
            Thread poller = new Thread(() -> {
                while (!volatileStop) {
                    try {
                        long t = System.nanoTime();
                        // newest first (ingestedAt descending): the 500 newest hold every clip this run makes
                        for (JsonNode item : send(baseUrl, token, "GET", query, null, null, 200).path("items")) {
                            String path = item.path("storagePath").asText();
                            if (searchable.putIfAbsent(path, t) == null && !landed.containsKey(path) && !warmUpClips.contains(path)) {
                                synchronized (unknown) {
                                    unknown.add(path);
                                }
                            }
                        }
                        Thread.sleep(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        System.out.println("[bench] poll failed: " + e.getMessage());
                    }
                }
            }, "searchable-poller");
            poller.setDaemon(true);
            poller.start();

            System.out.println("[bench] running " + DEVICES + " simulated vehicles, " + DRIVE_SECONDS + " s drives each ...");
            long fleetStart = System.nanoTime();
            Path spool = dataDir.resolve("spool");
            FleetOutcome fleet = runFleet(baseUrl, spool, "lat-", DEVICES, DRIVE_SECONDS, 7, landed::putIfAbsent);
            CollectionFleet.Result result = fleet.result();
            double fleetSeconds = (System.nanoTime() - fleetStart) / 1e9;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!searchable.keySet().containsAll(landed.keySet()) && System.nanoTime() < deadline) Thread.sleep(100);
            volatileStop = true;
            poller.interrupt();
            poller.join(5000);

            List<Double> latencies = new ArrayList<>();
            int missing = 0;
            for (Map.Entry<String, Long> e : landed.entrySet()) {
                Long seen = searchable.get(e.getKey());
                if (seen == null) missing++;
                else latencies.add(Math.max(0, seen - e.getValue()) / 1e6);
            }
            passTimes.close();
            Map<String, Double> cpuSeconds = cpu.seconds();
            double cpuWall = cpu.wallSeconds();
            cpu.close();
            states.close();
            latencies.sort(null);
            baseline.sort(null);
            Map<String, List<Double>> hops = hops(platform.getBean(EventStore.class), landed, searchable, passTimes, anchorNanos, anchorWall);
            System.out.println();
            System.out.printf(Locale.ROOT, "Fleetloop edge collection latency: %d simulated vehicles (%d fleet threads), %d s drives, "
                    + "%d cores, polled every %d ms%n", DEVICES, THREADS, DRIVE_SECONDS, Runtime.getRuntime().availableProcessors(), POLL_MILLIS);
            System.out.printf(Locale.ROOT, "  fleet: %d triggers, %d clips reported, %d failed, %.1f km, %.1f MB uploaded in %.1f s; "
                            + "peak ring %.1f MB; errors %d%n", result.triggers(), result.reported(), result.failed(), result.km(),
                    result.bytesSent() / 1e6, fleetSeconds, result.peakRingBytes() / 1e6, result.errors().size());
            System.out.println("in-process".equals(FLEET)
                    ? "  fleet ran in the bench JVM (-Dbench.fleet=in-process), sharing the CPU with the platform on equal terms"
                    : String.format(Locale.ROOT, "  fleet ran in a JVM of its own at nice 19 (-Dbench.fleet=process): %.1f CPU seconds", fleet.cpuSeconds()));
            System.out.printf(Locale.ROOT, "  baseline GET /v1/assets (same query, idle platform): p50 %.1f ms, p95 %.1f ms%n",
                    pct(baseline, 50), pct(baseline, 95));
            System.out.printf(Locale.ROOT, "  object landed -> asset searchable: %d objects, p50 %.0f ms, p95 %.0f ms, max %.0f ms; "
                            + "%d not searchable within 60 s; %d assets of unknown objects%n", latencies.size(), pct(latencies, 50),
                    pct(latencies, 95), latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1), missing, unknown.size());
            System.out.println("  where the time goes (per object, ms; event timestamps from the event store, processor tokens sampled every 5 ms):");
            hops.forEach((hop, values) -> System.out.printf(Locale.ROOT, "    %-62s p50 %5.0f  p95 %5.0f  max %5.0f  (%d)%n", hop,
                    pct(values, 50), pct(values, 95), values.isEmpty() ? Double.NaN : values.get(values.size() - 1), values.size()));
            System.out.printf(Locale.ROOT, "  CPU during the fleet run (%.0f s wall, %d cores = %.0f core-seconds; PostgreSQL only if a child process):%n",
                    cpuWall, Runtime.getRuntime().availableProcessors(), cpuWall * Runtime.getRuntime().availableProcessors());
            cpuSeconds.forEach((group, seconds) -> {
                if (seconds >= 0.5) System.out.printf(Locale.ROOT, "    %-44s %7.1f s%n", group, seconds);
            });
            System.out.println("  what the path's threads were doing (share of stack samples every 20 ms during the fleet run):");
            states.busyShares().forEach((group, shares) -> {
                System.out.println("    " + group + ":");
                shares.forEach((place, share) -> {
                    if (share >= 0.5) System.out.printf(Locale.ROOT, "      %5.1f %%  %s%n", share, place);
                });
            });
            int status = 0;
            if (!result.errors().isEmpty()) {
                System.out.println("  FAILED: fleet errors, first: " + result.errors().get(0));
                status = 2;
            }
            if (result.failed() > 0 || result.reported() == 0 || landed.isEmpty()) {
                System.out.println("  FAILED: " + result.failed() + " clips failed, " + result.reported() + " reported, "
                        + landed.size() + " objects landed");
                status = 2;
            }
            if (missing > 0) {
                System.out.println("  FAILED: " + missing + " landed objects never became searchable");
                status = 2;
            }
            if (!unknown.isEmpty()) {
                System.out.println("  note: assets whose storage path no upload named, first: " + unknown.get(0));
            }
            if (!latencies.isEmpty() && pct(latencies, 95) >= P95_GOAL_MS) {
                System.out.printf(Locale.ROOT, "  FAILED: p95 %.0f ms is not below the goal %.0f ms%n", pct(latencies, 95), P95_GOAL_MS);
                status = 2;
            } else if (status == 0) {
                System.out.printf(Locale.ROOT, "  p95 %.0f ms meets the goal < %.0f ms%n", pct(latencies, 95), P95_GOAL_MS);
            }
            return status;
        }
    }

    private static CollectionFleet.Options fleetOptions(String baseUrl, Path spool, String prefix, int devices, int driveSeconds, long seed) {
        return new CollectionFleet.Options(URI.create(baseUrl), TENANT, DdiAuth.gatewayToken(GATEWAY_TOKEN), devices, prefix, 5, seed,
                driveSeconds, 0, spool, CollectionAgent.Options.defaults(), THREADS, null, 10, 1_764_000_000L);
    }

    /**
     * The warm-up, not counted: {@link #WARMUP_DEVICES} other vehicles (other drives: another seed, so no clip has the
     * bytes of a measured one) run the same path once, and the bench waits until their clips are searchable. The first
     * clip through a fresh platform and Elasticsearch pays for class loading, JIT and the index's first segment (its
     * bulk request took over a second, and the clips behind it waited for it); a running platform has paid that already.
     */
    private static Set<String> warmUp(String baseUrl, String token, String query, Path spool) throws Exception {
        if (WARMUP_DEVICES <= 0) return Set.of();
        System.out.println("[bench] warm-up (not counted): " + WARMUP_DEVICES + " vehicles, " + WARMUP_SECONDS + " s drives ...");
        Set<String> landed = ConcurrentHashMap.newKeySet();
        FleetOutcome warm = runFleet(baseUrl, spool, "warm-", WARMUP_DEVICES, WARMUP_SECONDS, 9_001, (path, nanos) -> landed.add(path));
        long deadline = System.nanoTime() + 120_000_000_000L;
        Set<String> seen = new java.util.HashSet<>();
        while (!seen.containsAll(landed) && System.nanoTime() < deadline) {
            for (JsonNode item : send(baseUrl, token, "GET", query, null, null, 200).path("items")) seen.add(item.path("storagePath").asText());
            Thread.sleep(200);
        }
        System.out.printf(Locale.ROOT, "[bench] warm-up done: %d clips, %d searchable%n", landed.size(),
                landed.stream().filter(seen::contains).count());
        if (!warm.result().errors().isEmpty()) throw new IllegalStateException("warm-up fleet errors, first: " + warm.result().errors().get(0));
        return landed;
    }

    /**
     * Runs the simulated fleet as {@link #FLEET} says (in this JVM, or as a {@link FleetChild}); {@code onLanded} gets each
     * landed object's path and the instant it landed on this JVM's {@link System#nanoTime} scale.
     */
    private static FleetOutcome runFleet(String baseUrl, Path spool, String prefix, int devices, int driveSeconds, long seed,
                                         java.util.function.BiConsumer<String, Long> onLanded) throws Exception {
        if ("in-process".equals(FLEET)) {
            ClipUploader.Progress progress = new ClipUploader.Progress();
            progress.onLanded = path -> onLanded.accept(path, System.nanoTime());
            return new FleetOutcome(CollectionFleet.run(fleetOptions(baseUrl, spool, prefix, devices, driveSeconds, seed), System.out, progress),
                    Double.NaN);
        }
        long anchorNanos = System.nanoTime();
        Instant anchorWall = Instant.now();
        long anchorMicros = anchorWall.getEpochSecond() * 1_000_000L + anchorWall.getNano() / 1_000;
        return FleetChild.run(baseUrl, spool, prefix, devices, driveSeconds, seed,
                (path, epochMicros) -> onLanded.accept(path, anchorNanos + (epochMicros - anchorMicros) * 1_000L));
    }

    /** What the fleet did, and its CPU seconds when it ran as a process of its own (else NaN). */
    record FleetOutcome(CollectionFleet.Result result, double cpuSeconds) {
    }

    /**
     * The simulated fleet as a process of its own at the lowest CPU priority ({@code nice -n 19}): the same
     * {@link CollectionFleet} run with the same options, the landed instants sent back on its standard output as
     * {@code LANDED <path> <epoch microseconds>} lines (one machine, one clock), its result as a last {@code RESULT} line.
     */
    static final class FleetChild {

        private FleetChild() {
        }

        static FleetOutcome run(String baseUrl, Path spool, String prefix, int devices, int driveSeconds, long seed,
                                java.util.function.ObjLongConsumer<String> onLanded) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder("nice", "-n", "19", java, "-Xmx1g", "-XX:+UseSerialGC",
                    "-Dbench.threads=" + THREADS, "-cp", System.getProperty("java.class.path"), FleetChild.class.getName(),
                    baseUrl, spool.toString(), prefix, Integer.toString(devices), Integer.toString(driveSeconds), Long.toString(seed))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            JsonNode outcome = null;
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("LANDED ")) {
                        int space = line.lastIndexOf(' ');
                        onLanded.accept(line.substring("LANDED ".length(), space), Long.parseLong(line.substring(space + 1)));
                    } else if (line.startsWith("RESULT ")) {
                        outcome = JSON.readTree(line.substring("RESULT ".length()));
                    }
                }
            }
            int exit = child.waitFor();
            if (exit != 0 || outcome == null) throw new IllegalStateException("the fleet process ended with status " + exit + " and no result");
            CollectionFleet.Result result = JSON.treeToValue(outcome.path("result"), CollectionFleet.Result.class);
            return new FleetOutcome(result, outcome.path("cpuSeconds").asDouble());
        }

        public static void main(String[] args) throws Exception {
            ClipUploader.Progress progress = new ClipUploader.Progress();
            java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
            progress.onLanded = path -> {
                Instant now = Instant.now();
                synchronized (out) {
                    out.println("LANDED " + path + " " + (now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000));
                }
            };
            CollectionFleet.Result result = CollectionFleet.run(fleetOptions(args[0], Path.of(args[1]), args[2],
                    Integer.parseInt(args[3]), Integer.parseInt(args[4]), Long.parseLong(args[5])), System.err, progress);
            double cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
            synchronized (out) {
                out.println("RESULT " + JSON.writeValueAsString(Map.of("result", result, "cpuSeconds", cpu)));
            }
            System.exit(0);
        }
    }

    private static volatile boolean volatileStop;

    /** CPU groups: the simulated fleet, the processors on the clip's path, the rest of the platform. */
    private static String threadGroup(String name) {
        if (name.startsWith("pool-")) return "fleet simulator (pool-*)";
        if (name.startsWith("HttpClient-")) return "HTTP clients (fleet, poller)";
        if (name.equals("searchable-poller")) return "bench poller";
        if (name.startsWith("EventProcessor[")) {
            String processor = name.substring("EventProcessor[".length(), Math.max("EventProcessor[".length(), name.lastIndexOf(']')));
            return processor.equals(REGISTRATION_PROCESSOR) || processor.equals(SEARCH_PROCESSOR) || processor.equals("asset-catalog")
                    || processor.equals("lineage") ? "processor " + processor : "other tracking processors";
        }
        if (name.startsWith("own-unit-of-work")) return "registration commands (own-unit-of-work)";
        if (name.startsWith("http-nio")) return "platform HTTP (tomcat)";
        if (name.startsWith("EventStore") || name.contains("EmbeddedEventStore")) return "event store producer";
        if (name.startsWith("I/O dispatcher") || name.startsWith("elasticsearch-rest-client")) return "Elasticsearch client I/O";
        if (name.contains("Compiler")) return "JIT";
        if (name.startsWith("GC ") || name.startsWith("G1 ") || name.contains("GC Thread")) return "GC";
        return "other";
    }

    private static final String REGISTRATION_PROCESSOR = "edge-clip-registration";
    private static final String SEARCH_PROCESSOR = "asset-search";

    /**
     * The landed → searchable time of every object split into hops, each sorted: from the events of the run read back
     * through the event store (their timestamps are taken when the aggregate applied them) and the processors' pass times.
     */
    private static Map<String, List<Double>> hops(EventStore events, Map<String, Long> landed, Map<String, Long> searchable,
                                                  ProcessorPassTimes passTimes, long anchorNanos, Instant anchorWall) {
        Map<String, long[]> reported = new LinkedHashMap<>();
        Map<String, long[]> registered = new LinkedHashMap<>();
        TrackingToken head = events.createHeadToken();
        long headPosition = head == null ? -1 : head.position().orElse(-1);
        try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(null)) {
            while (headPosition >= 0 && stream.hasNextAvailable(10, TimeUnit.SECONDS)) {
                TrackedEventMessage<?> message = stream.nextAvailable();
                long position = message.trackingToken().position().orElse(-1);
                long at = anchorNanos + Duration.between(anchorWall, message.getTimestamp()).toNanos();
                if (message.getPayloadType() == DataFlowTriggeredEvent.class) {
                    for (TriggeredClip clip : ((DataFlowTriggeredEvent) message.getPayload()).clips()) {
                        reported.putIfAbsent(clip.storagePath(), new long[]{at, position});
                    }
                } else if (message.getPayloadType() == MetadataRegisteredEvent.class) {
                    registered.putIfAbsent(((MetadataRegisteredEvent) message.getPayload()).storagePath(), new long[]{at, position});
                }
                if (position >= headPosition) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, List<Double>> hops = new LinkedHashMap<>();
        String report = "1 landed -> DataFlowTriggered appended (agent report, DDI)";
        String pickUp = "2 DataFlowTriggered -> MetadataRegistered (" + REGISTRATION_PROCESSOR + ", RegisterAsset)";
        String registeredDone = "  (DataFlowTriggered -> " + REGISTRATION_PROCESSOR + " token past it)";
        String indexed = "3 MetadataRegistered -> " + SEARCH_PROCESSOR + " token past it (bulk, refresh)";
        String polled = "4 " + SEARCH_PROCESSOR + " token past it -> seen by the poll";
        for (String hop : List.of(report, pickUp, registeredDone, indexed, polled)) hops.put(hop, new ArrayList<>());
        for (Map.Entry<String, Long> object : landed.entrySet()) {
            long[] report0 = reported.get(object.getKey());
            long[] registered0 = registered.get(object.getKey());
            Long seen = searchable.get(object.getKey());
            if (report0 == null || registered0 == null || seen == null) continue;
            long registrationPassed = passTimes.passedAt(REGISTRATION_PROCESSOR, report0[1]);
            long searchPassed = passTimes.passedAt(SEARCH_PROCESSOR, registered0[1]);
            hops.get(report).add((report0[0] - object.getValue()) / 1e6);
            hops.get(pickUp).add((registered0[0] - report0[0]) / 1e6);
            if (registrationPassed >= 0) hops.get(registeredDone).add((registrationPassed - report0[0]) / 1e6);
            if (searchPassed >= 0) {
                hops.get(indexed).add((searchPassed - registered0[0]) / 1e6);
                hops.get(polled).add((seen - searchPassed) / 1e6);
            }
        }
        hops.values().forEach(values -> values.sort(null));
        return hops;
    }

    private static String deviceId(int i) {
        return "lat-" + String.format("%05d", i);
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) return Double.NaN;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static JsonNode send(String baseUrl, String token, String method, String path, String contentType, String body,
                                 int expected) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(60));
        if (contentType != null) builder.header("Content-Type", contentType);
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + " (expected " + expected + "): "
                    + response.body());
        }
        String raw = response.body();
        return raw == null || raw.isBlank() ? JSON.missingNode() : JSON.readTree(raw);
    }
}
