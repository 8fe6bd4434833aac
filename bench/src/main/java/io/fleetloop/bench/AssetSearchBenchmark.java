package io.fleetloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.SceneTagsAssignedEvent;
import io.fleetloop.api.governance.Role;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.infra.LocalInfra;
import io.fleetloop.projections.catalog.AssetSearchIndex;
import io.fleetloop.query.admin.ProcessorPositions;
import org.HdrHistogram.Histogram;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Asset search over a large catalog (goal: {@code GET /v1/assets} p99 &lt; 50 ms at 1,000,000 assets for the README's
 * queries), against the raw baseline of the same Elasticsearch request measured in the same run, on real servers
 * (PostgreSQL, Elasticsearch, object store, Kafka) with the whole platform (every role) in this JVM:
 * <ol>
 *   <li>{@code bench.assets} assets (default 1,000,000; 1,000..2,000,000) of one tenant are registered by appending the
 *       DataAsset aggregate's {@code MetadataRegisteredEvent}s (a new aggregate, sequence 0) through Axon's EventStore,
 *       1,000 per append, one append at a time; then, after all of them (as a later mining job leaves them), the
 *       {@code SceneTagsAssignedEvent}s (sequence 1) of the tagged drives' assets (the projection reads each asset's
 *       document back and updates it, one event at a time; with the tags appended right behind each registration batch,
 *       a 20,000-asset run saw {@code asset-search} stall for about a minute at its first batch). No object is written to the object store (search does not read it); the
 *       sha256 and size are synthesized from the seed. The catalog is deterministic per {@code bench.seed} (default 1):
 *       drives of 200 frames, each under one of 20 source ids, every frame an asset of a weighted modality (LIDAR,
 *       CAMERA, RADAR, CAN, GNSS, IMU) named {@code .../drive-NNNNN/<modality>/FFFFFF.<ext>}, so {@code q=000001}
 *       matches one frame per drive; {@code bench.taggedShare} (default 0.2) of the drives carry scene tags with skewed
 *       frequencies (day/night, highway/urban/rural, sometimes rain, snow, fog, intersection, pedestrian, ...);</li>
 *   <li>waits until {@code asset-catalog} (PostgreSQL) and {@code asset-search} (Elasticsearch) are at the head of the
 *       event store (their token positions against the store's head, {@link ProcessorPositions}); indexing time and
 *       events/s of each, for the registrations (first append until its token passed the last registration) and for the
 *       tags (from the later of the first tag append and that pass until it passed the last tag event), from its
 *       sampled token positions ({@link ProcessorPassTimes});
 *       then, for at most {@code bench.settle} (default PT20M), until every other streaming processor is at the head
 *       too, so the queries do not share the machine with a backlog;</li>
 *   <li>checks the counts: the REST total of {@code GET /v1/assets}, an Elasticsearch {@code _count} of the tenant and
 *       the catalog's rows of the tenant each equal {@code bench.assets};</li>
 *   <li>five query shapes of the README ({@code modality=LIDAR&sourceId=..&q=000001&page=0&size=20},
 *       {@code sourceId=..&q=..}, {@code tag=rain}, {@code sceneTags=highway,night}, and the unfiltered first page),
 *       each {@code bench.queries} times (default 300, after a warm-up) from {@code bench.clients} concurrent clients (default 8; e.g. {@code 1,8} for a round of each) through the REST API,
 *       then the same filters, size and sort as {@code AssetSearchIndex.search} builds them POSTed straight to
 *       Elasticsearch's {@code _search}: p50/p99 of each, the ratio, and the goal. Source ids and frame numbers vary
 *       from query to query (the same sequence for the API and the raw requests).</li>
 * </ol>
 * Checks (exit 2 otherwise): the three counts; for every query, the REST hit total equals the raw one and the total
 * the generator expects. The goal (p99 &lt; 50 ms) is reported, not checked. Run:
 * {@code bench/run.sh asset-search [-Dbench.assets=1000000] [-Dbench.queries=300] [-Dbench.seed=1]}; the report is printed and
 * written to {@code bench/target/asset-search.txt}.
 */
public final class AssetSearchBenchmark {

    private static final int ASSETS = Integer.getInteger("bench.assets", 1_000_000);
    private static final int QUERIES = Integer.getInteger("bench.queries", 300);
    private static final long SEED = Long.getLong("bench.seed", 1);
    private static final double TAGGED_SHARE = Double.parseDouble(System.getProperty("bench.taggedShare", "0.2"));
    private static final Duration SETTLE = Duration.parse(System.getProperty("bench.settle", "PT20M"));
    /** Concurrent query clients, one round of every shape per count (e.g. {@code -Dbench.clients=1,8}); default 8. */
    private static final List<Integer> CLIENT_COUNTS = Arrays.stream(System.getProperty("bench.clients", "8").split(","))
            .map(String::trim).map(Integer::parseInt).toList();
    private static final int BATCH = 1000;
    private static final int SOURCES = 20;
    private static final int FRAMES_PER_DRIVE = 200;
    private static final double GOAL_P99_MS = 50;
    private static final String TENANT = "search-bench";
    private static final String OPERATOR = "asset-search-bench";
    private static final Instant FIRST_INGESTED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    private static final List<String> PROCESSORS = List.of("asset-catalog", "asset-search");

    /** Modalities with their weights (per frame). */
    private static final Modality[] MODALITIES = {Modality.LIDAR, Modality.CAMERA, Modality.RADAR, Modality.CAN, Modality.GNSS, Modality.IMU};
    private static final double[] MODALITY_WEIGHTS = {0.35, 0.35, 0.10, 0.10, 0.05, 0.05};
    private static final String[] EXTENSIONS = {"bin", "jpg", "bin", "asc", "csv", "csv"};
    /** Optional tags of a tagged drive, each with its own probability (skewed: a few common, a long tail of rare ones). */
    private static final String[] EXTRA_TAGS = {"intersection", "rain", "pedestrian", "construction", "hard-braking", "tunnel", "snow", "fog"};
    private static final double[] EXTRA_TAG_P = {0.20, 0.12, 0.10, 0.04, 0.03, 0.02, 0.02, 0.01};

    private AssetSearchBenchmark() {
    }

    public static void main(String[] args) {
        BenchSupport.runAndExit("asset-search", Duration.ofMinutes(120), () -> {
            if (ASSETS < 1_000 || ASSETS > 2_000_000) throw new IllegalArgumentException("bench.assets: 1000..2000000, got " + ASSETS);
            if (QUERIES < 10) throw new IllegalArgumentException("bench.queries: at least 10, got " + QUERIES);
            if (TAGGED_SHARE < 0 || TAGGED_SHARE > 1) throw new IllegalArgumentException("bench.taggedShare: 0..1, got " + TAGGED_SHARE);
            System.out.println("[bench] starting the servers and the platform ...");
            try (LocalInfra infra = PlatformRun.startInfra("asset-search"); PlatformRun platform = PlatformRun.start(infra)) {
                return run(platform);
            }
        });
    }

    // ---------------------------------------------------------------- the catalog

    /** What the generator made, to know each query's expected hit total. */
    static final class Expected {
        final int drives = (ASSETS + FRAMES_PER_DRIVE - 1) / FRAMES_PER_DRIVE;
        final int sources = Math.min(SOURCES, drives);
        /** [source][frame]: assets of that source with that frame number; LIDAR ones. */
        final int[][] frame = new int[SOURCES][FRAMES_PER_DRIVE];
        final int[][] lidarFrame = new int[SOURCES][FRAMES_PER_DRIVE];
        final Map<String, Long> tagged = new LinkedHashMap<>();
        long taggedAssets;
        long highwayNight;

        long tag(String tag) {
            return tagged.getOrDefault(tag, 0L);
        }
    }

    /** A phase of the load: events appended, seconds to append them, per processor seconds to index them. */
    record Phase(long events, double appendSeconds, Map<String, Double> indexSeconds) {
    }

    private static long passedAt(ProcessorPassTimes passTimes, String processor, long position, long fallback) {
        long passed = passTimes.passedAt(processor, position);
        return passed < 0 ? fallback : passed;
    }

    /** One drive's fixed properties. */
    record Drive(int number, String sourceId, String vehicle, List<String> sceneTags) {
    }

    static String sourceId(int source) {
        return String.format(Locale.ROOT, "src-%02d", source);
    }

    static String frameNumber(int frame) {
        return String.format(Locale.ROOT, "%06d", frame);
    }

    private static Drive drive(Random random, int number) {
        String sourceId = sourceId(number % SOURCES);
        String vehicle = String.format(Locale.ROOT, "car-%03d", random.nextInt(200));
        List<String> tags = new ArrayList<>();
        if (random.nextDouble() < TAGGED_SHARE) {
            tags.add(random.nextDouble() < 0.7 ? "day" : "night");
            double road = random.nextDouble();
            tags.add(road < 0.40 ? "highway" : road < 0.85 ? "urban" : "rural");
            for (int t = 0; t < EXTRA_TAGS.length; t++) if (random.nextDouble() < EXTRA_TAG_P[t]) tags.add(EXTRA_TAGS[t]);
        }
        return new Drive(number, sourceId, vehicle, List.copyOf(new TreeSet<>(tags)));
    }

    private static int modality(Random random) {
        double x = random.nextDouble(), sum = 0;
        for (int m = 0; m < MODALITIES.length; m++) {
            sum += MODALITY_WEIGHTS[m];
            if (x < sum) return m;
        }
        return MODALITIES.length - 1;
    }

    /** The sha256 of the asset's (unwritten) content: derived from seed and number, so ids are stable per seed. */
    private static String sha256(MessageDigest sha, int n) {
        return HexFormat.of().formatHex(sha.digest(("asset-search-bench:" + SEED + ":" + n).getBytes(StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------- the run

    private static int run(PlatformRun platform) throws Exception {
        PlatformRun.Rest rest = platform.rest(TENANT, Role.DATA_ENGINEER.name());
        PlatformObjectStore store = platform.bean(PlatformObjectStore.class);
        EventStore events = platform.bean(EventStore.class);
        ProcessorPositions positions = platform.bean(ProcessorPositions.class);
        JdbcClient jdbc = platform.bean(JdbcClient.class);
        String index = platform.bean(AssetSearchIndex.class).indexName();
        String esUrl = platform.infra.elasticsearch().url();
        String loadAtStart = PlatformRun.loadAverage();

        AtomicLong appended = new AtomicLong();
        Expected expected = new Expected();
        long headBefore = positions.head().orElse(0);
        System.out.printf(Locale.ROOT, "[bench] appending %,d asset registrations (%d per append, one append at a time), then the scene tags"
                + " of %.0f %% of the drives ...%n", ASSETS, BATCH, 100 * TAGGED_SHARE);
        Progress progress = new Progress(appended, positions, jdbc, esUrl, index);
        Phase registered;
        Phase tagged;
        long appendStart = System.nanoTime();
        try (ProcessorPassTimes passTimes = new ProcessorPassTimes(platform.bean(EventProcessingConfiguration.class), 100,
                PROCESSORS.toArray(String[]::new))) {
            progress.start();
            Random random = new Random(SEED);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Drive> taggedDrives = new ArrayList<>();
            Drive drive = null;
            List<EventMessage<?>> batch = new ArrayList<>(BATCH);
            for (int n = 0; n < ASSETS; n++) {
                int frame = n % FRAMES_PER_DRIVE;
                if (frame == 0) {
                    drive = drive(random, n / FRAMES_PER_DRIVE);
                    if (!drive.sceneTags().isEmpty()) taggedDrives.add(drive);
                }
                int m = modality(random);
                Modality modality = MODALITIES[m];
                String sha256 = sha256(sha, n);
                AssetId assetId = AssetId.contentAddressed(TENANT, sha256);
                String key = PlatformObjectStore.tenantPrefix(TENANT) + "landing/" + drive.sourceId() + "/"
                        + String.format(Locale.ROOT, "drive-%05d", drive.number()) + "/" + modality.name().toLowerCase(Locale.ROOT) + "/"
                        + frameNumber(frame) + "." + EXTENSIONS[m];
                long size = 100_000 + random.nextInt(modality == Modality.LIDAR ? 4_000_000 : 1_000_000);
                Map<String, String> attributes = Map.of("vehicle", drive.vehicle(), "drive", String.valueOf(drive.number()));
                batch.add(new GenericDomainEventMessage<>("DataAsset", assetId.value(), 0, new MetadataRegisteredEvent(assetId, TENANT,
                        new DataSourceId(drive.sourceId()), new IngestionTaskId("bench-" + drive.sourceId()), store.uri(key), size, sha256, modality,
                        FIRST_INGESTED.plusSeconds(n), attributes), metaData()));
                int source = drive.number() % SOURCES;
                expected.frame[source][frame]++;
                if (modality == Modality.LIDAR) expected.lidarFrame[source][frame]++;
                if (batch.size() == BATCH || n == ASSETS - 1) {
                    events.publish(batch);
                    appended.addAndGet(batch.size());
                    batch = new ArrayList<>(BATCH);
                }
            }
            long registrationsAppended = System.nanoTime();
            long lastRegistration = positions.head().orElseThrow();
            System.out.printf(Locale.ROOT, "[bench] appended %,d registrations in %.1f s; now the scene tags of %,d drives ...%n", ASSETS,
                    (registrationsAppended - appendStart) / 1e9, taggedDrives.size());

            // Scene tags as a mining job leaves them: the asset's whole tag set (SceneTagsAssignedEvent, sequence 1), after registration.
            long tagStart = System.nanoTime();
            for (Drive each : taggedDrives) {
                for (int n = each.number() * FRAMES_PER_DRIVE; n < Math.min(ASSETS, (each.number() + 1) * FRAMES_PER_DRIVE); n++) {
                    AssetId assetId = AssetId.contentAddressed(TENANT, sha256(sha, n));
                    batch.add(new GenericDomainEventMessage<>("DataAsset", assetId.value(), 1, new SceneTagsAssignedEvent(assetId, TENANT,
                            each.sceneTags()), metaData()));
                    expected.taggedAssets++;
                    for (String tag : each.sceneTags()) expected.tagged.merge(tag, 1L, Long::sum);
                    if (each.sceneTags().contains("highway") && each.sceneTags().contains("night")) expected.highwayNight++;
                    if (batch.size() == BATCH) {
                        events.publish(batch);
                        appended.addAndGet(batch.size());
                        batch = new ArrayList<>(BATCH);
                    }
                }
            }
            if (!batch.isEmpty()) {
                events.publish(batch);
                appended.addAndGet(batch.size());
            }
            long tagsAppended = System.nanoTime();
            long lastTag = positions.head().orElseThrow();
            System.out.printf(Locale.ROOT, "[bench] appended %,d tag events in %.1f s; waiting for %s ...%n", expected.taggedAssets,
                    (tagsAppended - tagStart) / 1e9, String.join(" and ", PROCESSORS));
            while (!positions.caughtUp(PROCESSORS)) Thread.sleep(50);
            long caughtUp = System.nanoTime();
            Thread.sleep(300); // one more sample of the pass times
            registered = new Phase(ASSETS, (registrationsAppended - appendStart) / 1e9, new LinkedHashMap<>());
            tagged = new Phase(expected.taggedAssets, (tagsAppended - tagStart) / 1e9, new LinkedHashMap<>());
            for (String processor : PROCESSORS) {
                long registrationsPassed = passedAt(passTimes, processor, lastRegistration, caughtUp);
                long tagsPassed = passedAt(passTimes, processor, lastTag, caughtUp);
                registered.indexSeconds().put(processor, (registrationsPassed - appendStart) / 1e9);
                // the tags' indexing starts when the processor is past the registrations and the first tag event is there
                tagged.indexSeconds().put(processor, (tagsPassed - Math.max(tagStart, registrationsPassed)) / 1e9);
            }
            System.out.printf(Locale.ROOT, "[bench] %s at the head %.1f s after the first append (positions %,d..%,d)%n",
                    String.join(" and ", PROCESSORS), (caughtUp - appendStart) / 1e9, headBefore + 1, lastTag);
        }

        progress.stop();

        // Let the other processors (audit, lineage, Kafka publisher, sagas, ...) work off the same events first.
        long settleStart = System.nanoTime(), lastPrint = settleStart;
        List<String> lagging = laggingProcessors(positions);
        while (!lagging.isEmpty() && BenchSupport.seconds(settleStart) < SETTLE.toSeconds()) {
            if (System.nanoTime() - lastPrint > PROGRESS_EVERY.toNanos()) {
                lastPrint = System.nanoTime();
                System.out.println("[bench]   settling: events behind the head: " + lagSummary(positions, lagging) + "; load " + PlatformRun.loadAverage());
            }
            Thread.sleep(500);
            lagging = laggingProcessors(positions);
        }
        double settleSeconds = BenchSupport.seconds(settleStart);
        String settled = lagging.isEmpty()
                ? String.format(Locale.ROOT, "every streaming processor at the head %.1f s after the two", settleSeconds)
                : "NOT settled after " + SETTLE + ", events behind the head: " + lagSummary(positions, lagging);
        System.out.println("[bench] " + settled);

        long restTotal = rest.get("/v1/assets?size=1").path("total").asLong(-1);
        long esCount = esCount(esUrl, index);
        long catalogRows = jdbc.sql("select count(*) from asset_view where tenant_id = ?").param(TENANT).query(Long.class).single();
        boolean countsOk = restTotal == ASSETS && esCount == ASSETS && catalogRows == ASSETS;

        BenchReport report = new BenchReport("asset-search");
        report.line(String.format(Locale.ROOT, "Fleetloop asset-search benchmark: %,d assets (one tenant, %d sources, %,d drives, %.0f %% of them"
                        + " tagged), seed %d, %d queries per shape from %s clients, %d cores, load average at the start %s", ASSETS,
                expected.sources, expected.drives, 100 * TAGGED_SHARE, SEED, QUERIES, CLIENT_COUNTS.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" and ")), Runtime.getRuntime().availableProcessors(), loadAtStart));
        report.line("(servers, platform and bench share this machine; raw = the request AssetSearchIndex.search builds for the same filters,"
                + " size and sort, POSTed straight to Elasticsearch: _search with q, else _msearch of the page and its size-0 total)");
        for (Phase phase : List.of(registered, tagged)) {
            String what = phase == registered ? "registrations" : "tag events";
            report.row(String.format(Locale.ROOT, "append %,d %s (EventStore, 1,000 per append)", phase.events(), what),
                    String.format(Locale.ROOT, "%.1f s", phase.appendSeconds()),
                    String.format(Locale.ROOT, "%,.0f events/s", phase.events() / phase.appendSeconds()));
            for (String processor : PROCESSORS) {
                double seconds = phase.indexSeconds().get(processor);
                report.row("  " + processor + (processor.equals("asset-search") ? " (Elasticsearch)" : " (PostgreSQL)") + " indexed the " + what,
                        String.format(Locale.ROOT, "%.1f s", seconds), String.format(Locale.ROOT, "%,.0f events/s", phase.events() / seconds));
            }
        }
        report.row("platform settled before the queries", String.format(Locale.ROOT, "%.1f s", settleSeconds), lagging.isEmpty() ? "yes" : settled);
        report.row("counts: REST total / ES _count / catalog rows (expected " + ASSETS + ")", restTotal + " / " + esCount + " / " + catalogRows,
                countsOk ? "ok" : "FAILED");
        if (!countsOk) {
            report.line("counts do not agree: no queries measured");
            report.write();
            return 2;
        }

        List<Shape> shapes = shapes(expected);
        List<Measured> measured = new ArrayList<>();
        for (int clients : CLIENT_COUNTS) {
            for (Shape shape : shapes) {
                System.out.println("[bench] " + shape.label() + ": " + QUERIES + " queries from " + clients + " clients through the API, then straight to Elasticsearch ...");
                Latency api = timed(clients, i -> () -> rest.get(shape.params().apply(i).restPath()).path("total").asLong(-1));
                Latency raw = timed(clients, i -> () -> rawSearch(esUrl, index, shape.params().apply(i)));
                int mismatches = 0;
                for (int i = 0; i < QUERIES; i++) {
                    long want = shape.expected().apply(i);
                    if (api.totals()[i] != raw.totals()[i] || api.totals()[i] != want) mismatches++;
                }
                measured.add(new Measured(shape, clients, api, raw, mismatches));
                System.out.printf(Locale.ROOT, "[bench]   API %s, raw %s, hits %s, mismatches %d%n", ms(api), ms(raw), hits(api), mismatches);
            }
        }

        report.line("");
        report.line("(p99 ratio = API p99 ÷ raw p99; hits = range of the hit totals; totals agree = API, raw and the generator's count equal"
                + " for every timed query; < 50 = the goal for the API's p99)");
        report.line(String.format(Locale.ROOT, "  %-58s %7s %20s %20s %9s %10s %6s  %s", "query (GET /v1/assets?...)", "clients", "API p50 / p99", "raw p50 / p99",
                "p99 ratio", "hits", "< 50", "totals"));
        boolean ok = true;
        boolean goal = true;
        for (Measured m : measured) {
            boolean met = m.api().p99() < GOAL_P99_MS;
            goal &= met;
            ok &= m.mismatches() == 0;
            report.line(String.format(Locale.ROOT, "  %-58s %7d %20s %20s %9s %10s %6s  %s", m.shape().label(), m.clients(), ms(m.api()), ms(m.raw()),
                    String.format(Locale.ROOT, "%.2f", m.api().p99() / m.raw().p99()), hits(m.api()), met ? "yes" : "NO",
                    m.mismatches() == 0 ? "agree" : m.mismatches() + " MISMATCHED"));
        }
        report.line("");
        report.line(String.format(Locale.ROOT, "goal (API p99 < %.0f ms for every shape at %,d assets): %s; checks: %s; load average at the end %s",
                GOAL_P99_MS, ASSETS, goal ? "met" : "NOT met", ok ? "ok" : "FAILED", PlatformRun.loadAverage()));
        report.write();
        return ok ? 0 : 2;
    }

    private static MetaData metaData() {
        return MetaData.with("tenantId", TENANT).and("operator", OPERATOR);
    }

    // ---------------------------------------------------------------- queries

    /** One query's filters, as the API takes them and as AssetSearchIndex.search sends them. */
    record Params(Modality modality, String sourceId, String q, String tag, List<String> sceneTags, boolean readmePaging) {

        String restPath() {
            List<String> parameters = new ArrayList<>();
            if (modality != null) parameters.add("modality=" + modality.name());
            if (sourceId != null) parameters.add("sourceId=" + sourceId);
            if (q != null) parameters.add("q=" + q);
            if (tag != null) parameters.add("tag=" + tag);
            if (!sceneTags.isEmpty()) parameters.add("sceneTags=" + String.join(",", sceneTags));
            if (readmePaging) parameters.add("page=0&size=20");
            return "/v1/assets" + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters));
        }

        /**
         * What AssetSearchIndex.search sends to Elasticsearch for these filters (tenant and filters as bool filter terms,
         * q as a must match with AND): with q one scored {@code _search} counting every hit; without, one {@code _msearch}
         * of the page in the index's sort without counting and of the size-0 total through the request cache.
         * Returns the path under the index and the body.
         */
        String[] esRequest(String index) throws Exception {
            List<Object> filter = new ArrayList<>();
            filter.add(term("tenantId", TENANT));
            if (modality != null) filter.add(term("modality", modality.name()));
            if (sourceId != null) filter.add(term("sourceId", sourceId));
            if (tag != null) filter.add(term("sceneTags", tag));
            for (String sceneTag : sceneTags) filter.add(term("sceneTags", sceneTag));
            Map<String, Object> bool = new LinkedHashMap<>();
            bool.put("filter", filter);
            if (q != null) bool.put("must", List.of(Map.of("match", Map.of("text", Map.of("query", q, "operator", "and")))));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("from", 0);
            body.put("size", 20);
            body.put("track_total_hits", q != null);
            body.put("query", Map.of("bool", bool));
            if (q != null) return new String[] {"/" + index + "/_search", PlatformRun.JSON.writeValueAsString(body)};
            body.put("sort", List.of(Map.of("ingestedAt", Map.of("order", "desc")), Map.of("assetId", Map.of("order", "asc"))));
            Map<String, Object> count = new LinkedHashMap<>();
            count.put("size", 0);
            count.put("track_total_hits", true);
            count.put("query", Map.of("bool", bool));
            return new String[] {"/_msearch", String.join("\n",
                    PlatformRun.JSON.writeValueAsString(Map.of("index", index, "ignore_unavailable", true, "allow_no_indices", true)),
                    PlatformRun.JSON.writeValueAsString(body),
                    PlatformRun.JSON.writeValueAsString(Map.of("index", index, "ignore_unavailable", true, "allow_no_indices", true,
                            "request_cache", true)),
                    PlatformRun.JSON.writeValueAsString(count)) + "\n"};
        }

        private static Map<String, Object> term(String field, String value) {
            return Map.of("term", Map.of(field, value));
        }
    }

    /** A query shape: its label, the i-th query's parameters and the hit total the generator expects for it. */
    record Shape(String label, IntFunction<Params> params, IntFunction<Long> expected) {
    }

    private static List<Shape> shapes(Expected e) {
        int frames = Math.min(FRAMES_PER_DRIVE, ASSETS);
        IntFunction<Integer> source = i -> i % e.sources;
        IntFunction<Integer> frame = i -> (int) ((i * 37L + 1) % frames);
        return List.of(
                new Shape("modality=LIDAR&sourceId=src-NN&q=FFFFFF&page=0&size=20",
                        i -> new Params(Modality.LIDAR, sourceId(source.apply(i)), frameNumber(frame.apply(i)), null, List.of(), true),
                        i -> (long) e.lidarFrame[source.apply(i)][frame.apply(i)]),
                new Shape("sourceId=src-NN&q=FFFFFF",
                        i -> new Params(null, sourceId(source.apply(i)), frameNumber(frame.apply(i)), null, List.of(), false),
                        i -> (long) e.frame[source.apply(i)][frame.apply(i)]),
                new Shape("tag=rain", i -> new Params(null, null, null, "rain", List.of(), false), i -> e.tag("rain")),
                new Shape("sceneTags=highway,night", i -> new Params(null, null, null, null, List.of("highway", "night"), false), i -> e.highwayNight),
                new Shape("page=0&size=20 (no filter)", i -> new Params(null, null, null, null, List.of(), true), i -> (long) ASSETS));
    }

    interface Query {
        long run() throws Exception;
    }

    record Latency(double p50, double p99, long[] totals) {
    }

    record Measured(Shape shape, int clients, Latency api, Latency raw, int mismatches) {
    }

    /**
     * {@code clients} clients: a warm-up of {@code max(40, QUERIES/5)} queries, then the {@link #QUERIES} timed ones, the i-th
     * query on client {@code i % clients}; latency percentiles and each timed query's hit total.
     */
    private static Latency timed(int clients, IntFunction<Query> queries) throws Exception {
        int warmUp = Math.max(40, QUERIES / 5);
        BenchSupport.parallel(clients, client -> {
            try {
                for (int i = client; i < warmUp; i += clients) queries.apply(QUERIES + i).run();
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        Histogram histogram = new Histogram(3);
        long[] totals = new long[QUERIES];
        BenchSupport.parallel(clients, client -> {
            Histogram local = new Histogram(3);
            try {
                for (int i = client; i < QUERIES; i += clients) {
                    Query query = queries.apply(i);
                    long start = System.nanoTime();
                    totals[i] = query.run();
                    local.recordValue((System.nanoTime() - start) / 1000);
                }
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
            synchronized (histogram) {
                histogram.add(local);
            }
        });
        return new Latency(histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0, totals);
    }

    private static String ms(Latency latency) {
        return String.format(Locale.ROOT, "%.1f / %.1f ms", latency.p50(), latency.p99());
    }

    /** The hit totals' range over the timed queries. */
    private static String hits(Latency latency) {
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (long total : latency.totals()) {
            min = Math.min(min, total);
            max = Math.max(max, total);
        }
        return min == max ? String.valueOf(min) : min + ".." + max;
    }

    // ---------------------------------------------------------------- Elasticsearch, processors

    private static final HttpClient ES = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static String post(String url, String body) throws Exception {
        HttpResponse<String> response = ES.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", url.endsWith("/_msearch") ? "application/x-ndjson" : "application/json")
                .timeout(Duration.ofMinutes(1)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException("Elasticsearch answered " + response.statusCode() + ": " + response.body());
        return response.body();
    }

    /** The hit total of the raw request(s); -1 when a part of an _msearch failed. */
    private static long rawSearch(String esUrl, String index, Params params) throws Exception {
        String[] request = params.esRequest(index);
        JsonNode answer = PlatformRun.JSON.readTree(post(esUrl + request[0], request[1]));
        if (!answer.has("responses")) return answer.path("hits").path("total").path("value").asLong(-1);
        for (JsonNode part : answer.path("responses")) if (part.has("error")) return -1;
        return answer.path("responses").path(1).path("hits").path("total").path("value").asLong(-1);
    }

    private static long esCount(String esUrl, String index) throws Exception {
        return PlatformRun.JSON.readTree(post(esUrl + "/" + index + "/_count", "{\"query\":{\"term\":{\"tenantId\":\"" + TENANT + "\"}}}"))
                .path("count").asLong(-1);
    }

    /** Streaming processors whose slowest segment is behind the head of the store (or not caught up at all). */
    private static List<String> laggingProcessors(ProcessorPositions positions) {
        return positions.all().values().stream().filter(p -> !p.caughtUp()).map(ProcessorPositions.Position::processor).toList();
    }

    private static String lagSummary(ProcessorPositions positions, List<String> processors) {
        List<String> parts = new ArrayList<>();
        for (String processor : processors) parts.add(processor + " " + positions.of(processor).lag());
        return String.join(", ", parts);
    }

    /** Prints, every 15 s, what was appended and how far the catalog and the search index are. */
    private static final class Progress {

        private final AtomicLong appended;
        private final ProcessorPositions positions;
        private final JdbcClient jdbc;
        private final String esUrl;
        private final String index;
        private final long start = System.nanoTime();
        private Thread thread;

        Progress(AtomicLong appended, ProcessorPositions positions, JdbcClient jdbc, String esUrl, String index) {
            this.appended = appended;
            this.positions = positions;
            this.jdbc = jdbc;
            this.esUrl = esUrl;
            this.index = index;
        }

        void start() {
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(PROGRESS_EVERY.toMillis());
                        long catalog = jdbc.sql("select count(*) from asset_view where tenant_id = ?").param(TENANT).query(Long.class).single();
                        System.out.printf(Locale.ROOT, "[bench]   %.0f s: appended %,d, indexed: catalog %,d (%,d events behind), search %,d (%,d"
                                        + " events behind); load %s%n", BenchSupport.seconds(start), appended.get(), catalog,
                                positions.of("asset-catalog").lag(), esCount(esUrl, index), positions.of("asset-search").lag(), PlatformRun.loadAverage());
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        System.out.println("[bench]   progress: " + e);
                    }
                }
            }, "asset-search-bench-progress");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(5000);
        }
    }
}
