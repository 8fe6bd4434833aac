package io.fleetloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.MetadataRegisteredEvent;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.governance.Role;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.infra.LocalInfra;
import io.fleetloop.projections.catalog.AssetSearchIndex;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleUnaryOperator;

/**
 * Scene mining over a growing catalog, in one run on real servers (PostgreSQL, Elasticsearch, MinIO, Kafka):
 * <ol>
 *   <li>for each size in {@code bench.sizes} (default 500,2000,6000; above 10,000, one job's limit, the round is mined
 *       by one job per 10,000 drives, each drive group under its own source id), that many new
 *       GNSS drives (60 s CSV at 10 Hz, 601 lines, ~25 KB; highway / urban rain / stop-and-go / hard braking, day or
 *       night; 2 % highway+night+rain as the rare combination) are written to the object store and registered through
 *       the real command path ({@code RegisterAssetCommand} over the command bus, 8 clients, as ingestion sends it) or,
 *       with {@code -Dbench.register=events}, appended as the aggregate's events through the EventStore (fast);</li>
 *   <li>one {@code POST /v1/scene-mining {filter:{sourceId}}} mines them: time until the job is {@code COMPLETED}
 *       (request, worker job reading every CSV from the object store, long-tail aggregation in Elasticsearch, one
 *       command per asset, each in its own unit of work) and until the asset search index shows the tags ({@code asset-search} at the head);</li>
 *   <li>then {@code GET /v1/assets?sceneTags=highway,day} (and {@code &longTailTags=}) through the REST API, p50/p99,
 *       against the raw baseline of the same bool/term query sent straight to Elasticsearch's {@code _search}, at the
 *       index size reached (all rounds' assets stay in it, so the index grows from round to round).</li>
 * </ol>
 * The 1M-asset figure of the issue is not measured: 10^6 assets do not fit one run on this machine; the report gives
 * the per-asset cost at each size and the linear extrapolation to 10^6 (100 jobs of 10,000), marked as such. Checks (exit 2 otherwise): every job COMPLETED; in each round the search finds exactly the
 * generated highway drives under {@code sceneTags=highway} and the rare drives under {@code longTailTags=}.
 * Run: {@code bench/run.sh scene-mining [-Dbench.sizes=500,2000,6000] [-Dbench.queries=300]
 * [-Dbench.register=events]}; report printed and
 * written to {@code bench/target/scene-mining.txt}.
 */
public final class SceneMiningBenchmark {

    private static final List<Integer> SIZES = Arrays.stream(System.getProperty("bench.sizes", "500,2000,6000").split(","))
            .map(String::trim).map(Integer::parseInt).toList();
    private static final int QUERIES = Integer.getInteger("bench.queries", 300);
    private static final int CLIENTS = 8;
    /**
     * How the drives enter the catalog: {@code commands} (default) sends {@code RegisterAssetCommand} over the command
     * bus, as ingestion does; {@code events} appends the {@code MetadataRegisteredEvent}s the DataAsset aggregate would
     * record (a new aggregate, sequence 0) through Axon's EventStore, 1,000 per append, so catalogs of 10^4–10^5 assets
     * fit a run (the projections and the command side's lookup table still see every event).
     */
    private static final String REGISTER = System.getProperty("bench.register", "commands");
    /** One job's limit: a round larger than this is mined by several jobs, one per {@value} drives (own source id). */
    private static final int JOB_ASSETS = 10_000;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(40);
    private static final Instant DAY = Instant.parse("2026-06-01T02:00:00Z");   // 10:00 in Shanghai
    private static final Instant NIGHT = Instant.parse("2026-06-01T14:00:00Z"); // 22:00 in Shanghai

    private SceneMiningBenchmark() {
    }

    public static void main(String[] args) {
        BenchSupport.runAndExit("scene-mining", Duration.ofMinutes(120), () -> {
            for (int size : SIZES) if (size < 50 || size > 200_000) throw new IllegalArgumentException("bench.sizes: 50..200000 each, got " + size);
            if (!List.of("commands", "events").contains(REGISTER)) throw new IllegalArgumentException("bench.register: commands or events");
            System.out.println("[bench] starting the servers and the platform ...");
            try (LocalInfra infra = PlatformRun.startInfra("scene-mining"); PlatformRun platform = PlatformRun.start(infra)) {
                return run(platform);
            }
        });
    }

    /** Kinds of drive: speed profile (m/s over t in s), start, weather; every 50th drive is the rare highway+night+rain. */
    enum Drive {
        HIGHWAY_DAY(t -> 27.8 + 0.5 * Math.sin(t / 5), DAY, "clear"),
        HIGHWAY_NIGHT(t -> 27.8 + 0.5 * Math.sin(t / 5), NIGHT, "clear"),
        URBAN_RAIN(t -> 11 + 1.5 * Math.sin(t / 7), DAY, "rain"),
        STOP_AND_GO(t -> (t % 20) < 16 ? Math.max(0, 8 * Math.sin(Math.PI * (t % 20) / 16)) : 0, DAY, "clear"),
        HARD_BRAKE(t -> t < 50 ? 11 : Math.max(0, 11 - 7 * (t - 50)), NIGHT, "clear"),
        HIGHWAY_NIGHT_RAIN(t -> 27.8 + 0.5 * Math.sin(t / 5), NIGHT, "rain");

        final DoubleUnaryOperator speed;
        final Instant start;
        final String weather;

        Drive(DoubleUnaryOperator speed, Instant start, String weather) {
            this.speed = speed;
            this.start = start;
            this.weather = weather;
        }

        static Drive of(int n) {
            if (n % 50 == 49) return HIGHWAY_NIGHT_RAIN;
            return values()[n % 5];
        }

        boolean highway() {
            return this == HIGHWAY_DAY || this == HIGHWAY_NIGHT || this == HIGHWAY_NIGHT_RAIN;
        }
    }

    /** A 60 s GNSS log at 10 Hz: timestamp (s), lat, lon, alt, speed (m/s); each drive at its own place (unique content). */
    static byte[] gnss(Drive drive, int round, int n) {
        StringBuilder csv = new StringBuilder(26_000).append("timestamp,lat,lon,alt,speed\n");
        double lat0 = 31.0 + (n % 400) * 0.001 + round * 0.0000001, lon0 = 121.0 + (n / 400) * 0.001;
        for (int k = 0; k <= 600; k++) {
            double t = k / 10.0;
            csv.append(drive.start.getEpochSecond() + k / 10).append('.').append(k % 10).append("00,");
            fixed(csv, lat0 + t * 1e-5, 7).append(',');
            fixed(csv, lon0 + t * 1e-5, 7).append(",4.0,");
            fixed(csv, drive.speed.applyAsDouble(t), 3).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    record Round(int size, int indexSize, int jobs, double registerSeconds, double registeredSeconds, String loadAfterJob, double jobSeconds, double searchableSeconds, String status,
                 Steps steps,
                 Latency apiSceneTags, Latency rawSceneTags, Latency apiLongTail, Latency rawLongTail, long highwayFound, long highwayExpected,
                 long rareFound, long rareExpected, String rareTag, long retainedPeakMib) {
    }

    /**
     * The highest heap the old generation held after one of its collections, sampled every 200 ms since the last
     * {@link #reset}: what the mining retained at its peak, which the figure after the round's closing full GC does not
     * show (a run of 10^6 assets ran out of 5 GB while every round ended near 110 MiB). MiB; -1 without an old-generation pool.
     */
    static final class RetainedPeak {
        private static final MemoryPoolMXBean OLD = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getName().contains("Old") && pool.getCollectionUsage() != null)
                .findFirst().orElse(null);
        private static final AtomicLong PEAK = new AtomicLong();

        static {
            if (OLD != null) {
                Thread sampler = new Thread(() -> {
                    while (true) {
                        PEAK.accumulateAndGet(OLD.getCollectionUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "bench-retained-peak");
                sampler.setDaemon(true);
                sampler.start();
            }
        }

        static void reset() {
            PEAK.set(0);
        }

        static long mib() {
            return OLD == null ? -1 : PEAK.get() >> 20;
        }
    }

    record Latency(double p50, double p99, long total) {
    }

    /**
     * The job's steps from its own events' timestamps (event store), over all of the round's jobs: request (earliest
     * {@code SceneMiningRequestedEvent}) → derived (latest {@code SceneTagsDerivedEvent}) → long tail (latest
     * {@code LongTailTagsComputedEvent}) → applied (latest {@code SceneMiningCompletedEvent}); seconds, NaN if missing.
     */
    record Steps(double derive, double longTail, double apply) {
    }

    private static Steps steps(EventStore events, List<String> jobIds) {
        Instant requested = null, derived = null, longTail = null, completed = null;
        for (String jobId : jobIds) {
            for (DomainEventMessage<?> e : events.readEvents(jobId).asStream().toList()) {
                String type = e.getPayloadType().getSimpleName();
                Instant t = e.getTimestamp();
                switch (type) {
                    case "SceneMiningRequestedEvent" -> requested = requested == null || t.isBefore(requested) ? t : requested;
                    case "SceneTagsDerivedEvent" -> derived = derived == null || t.isAfter(derived) ? t : derived;
                    case "LongTailTagsComputedEvent" -> longTail = longTail == null || t.isAfter(longTail) ? t : longTail;
                    case "SceneMiningCompletedEvent" -> completed = completed == null || t.isAfter(completed) ? t : completed;
                    default -> { }
                }
            }
        }
        return new Steps(between(requested, derived), between(derived, longTail), between(longTail, completed));
    }

    private static void stepRow(BenchReport report, String step, double seconds, int size) {
        report.row("  step: " + step, String.format(Locale.ROOT, "%.1f s", seconds),
                String.format(Locale.ROOT, "%.2f ms per asset (event-store timestamps)", 1000 * seconds / size));
    }

    private static double between(Instant from, Instant to) {
        return from == null || to == null ? Double.NaN : Duration.between(from, to).toMillis() / 1000.0;
    }

    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000};

    /**
     * {@code value} with {@code decimals} digits after the point, rounded half up, as {@code %.Nf} writes it for these
     * magnitudes; {@link String#format} was 85 % of the drive generator's CPU, the registration's bottleneck at 10^5+ drives.
     */
    static StringBuilder fixed(StringBuilder out, double value, int decimals) {
        long scale = POWERS_OF_TEN[decimals];
        long scaled = Math.round(Math.abs(value) * scale);
        if (value < 0 && scaled != 0) out.append('-');
        out.append(scaled / scale).append('.');
        String fraction = Long.toString(scaled % scale);
        for (int pad = fraction.length(); pad < decimals; pad++) out.append('0');
        return out.append(fraction);
    }

    private static int run(PlatformRun platform) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String tenant = "minebench-" + suffix;
        PlatformRun.Rest rest = platform.rest(tenant, Role.DATA_ENGINEER.name());
        PlatformObjectStore store = platform.bean(PlatformObjectStore.class);
        CommandGateway commands = platform.bean(CommandGateway.class);
        EventStore events = platform.bean(EventStore.class);
        String index = platform.bean(AssetSearchIndex.class).indexName();
        String esUrl = platform.infra.elasticsearch().url();
        String loadAtStart = PlatformRun.loadAverage();

        List<Round> rounds = new ArrayList<>();
        int indexSize = 0;
        for (int r = 0; r < SIZES.size(); r++) {
            int size = SIZES.get(r), round = r;
            int jobs = (size + JOB_ASSETS - 1) / JOB_ASSETS;
            List<String> sourceIds = new ArrayList<>();
            for (int j = 0; j < jobs; j++) sourceIds.add("bench-drives-" + round + "-" + j + "-" + suffix);
            System.out.println("[bench] round " + (round + 1) + ": writing and registering " + size + " drives (" + REGISTER + ") ...");
            long registerStart = System.nanoTime();
            BenchSupport.parallel(CLIENTS, client -> {
                try {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    List<EventMessage<?>> batch = new ArrayList<>(1000);
                    for (int n = client; n < size; n += CLIENTS) {
                        Drive drive = Drive.of(n);
                        String sourceId = sourceIds.get(n / JOB_ASSETS);
                        byte[] content = gnss(drive, round, n);
                        String sha256 = HexFormat.of().formatHex(sha.digest(content));
                        String key = PlatformObjectStore.tenantPrefix(tenant) + "drives/" + sourceId + "/" + drive.name().toLowerCase(Locale.ROOT)
                                + "-" + n + ".csv";
                        store.put(key, new ByteArrayInputStream(content), content.length);
                        RegisterAssetCommand register = new RegisterAssetCommand(AssetId.contentAddressed(tenant, sha256), tenant,
                                new DataSourceId(sourceId), new IngestionTaskId("bench-" + sourceId), store.uri(key), content.length, sha256,
                                Modality.GNSS, Instant.now(), Map.of("weather", drive.weather, "timezone", "Asia/Shanghai"));
                        if (REGISTER.equals("commands")) {
                            commands.sendAndWait(register);
                            continue;
                        }
                        batch.add(registered(register));
                        if (batch.size() == 1000) {
                            append(events, batch);
                            batch = new ArrayList<>(1000);
                        }
                    }
                    if (!batch.isEmpty()) append(events, batch);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            double registerSeconds = BenchSupport.seconds(registerStart);
            indexSize += size;
            platform.awaitCaughtUp(Duration.ofMinutes(30), "asset-catalog", "asset-search");
            double registeredSeconds = BenchSupport.seconds(registerStart);

            System.out.println("[bench] round " + (round + 1) + ": mining " + size + " assets in " + jobs + " job(s) ...");
            long jobStart = System.nanoTime();
            RetainedPeak.reset();
            List<String> jobIds = new ArrayList<>();
            for (int j = 0; j < jobs; j++) {
                int expected = Math.min(JOB_ASSETS, size - j * JOB_ASSETS);
                JsonNode accepted = rest.post("/v1/scene-mining", Map.of("filter", Map.of("sourceId", sourceIds.get(j))), 202);
                if (accepted.path("assetCount").asInt() != expected) {
                    throw new IllegalStateException("job over " + accepted + ", expected " + expected + " assets");
                }
                jobIds.add(accepted.path("jobId").asText());
            }
            String status = "COMPLETED";
            long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos(), lastPrint = System.nanoTime();
            for (String jobId : jobIds) {
                while (true) {
                    JsonNode job = rest.getIfFound("/v1/scene-mining/" + jobId);
                    String jobStatus = job == null ? "" : job.path("status").asText();
                    if (List.of("COMPLETED", "FAILED", "CANCELLED").contains(jobStatus)) {
                        if (!jobStatus.equals("COMPLETED")) status = jobStatus;
                        break;
                    }
                    if (System.nanoTime() > deadline) throw new IllegalStateException("scene-mining job " + jobId + " not ended within " + JOB_TIMEOUT);
                    if (job != null && System.nanoTime() - lastPrint > 30_000_000_000L) {
                        lastPrint = System.nanoTime();
                        System.out.println("[bench]   job " + jobId + " " + jobStatus + ", " + BenchSupport.seconds(jobStart) + " s: "
                                + job.path("progress") + " " + job.path("minedAssets") + "; load " + PlatformRun.loadAverage());
                    }
                    Thread.sleep(250);
                }
            }
            double jobSeconds = BenchSupport.seconds(jobStart);
            Steps steps = steps(events, jobIds);
            platform.awaitCaughtUp(Duration.ofMinutes(30), "asset-search");
            double searchableSeconds = BenchSupport.seconds(jobStart);
            long retainedPeakMib = RetainedPeak.mib();
            String loadAfterJob = PlatformRun.loadAverage();

            long highwayExpected = 0, rareExpected = 0;
            for (int n = 0; n < size; n++) {
                if (Drive.of(n).highway()) highwayExpected++;
                if (Drive.of(n) == Drive.HIGHWAY_NIGHT_RAIN) rareExpected++;
            }
            long highwayFound = 0;
            for (String sourceId : sourceIds) {
                highwayFound += rest.get("/v1/assets?size=1&sourceId=" + sourceId + "&sceneTags=highway").path("total").asLong();
            }
            // the rare drives' long-tail tag: whatever the job found for one of them (expected: a pair like night+rain or highway+rain)
            JsonNode rareAsset = rest.get("/v1/assets?size=1&sourceId=" + sourceIds.get(0) + "&sceneTags=highway,night,rain").path("items").path(0);
            String rareTag = rareAsset.path("longTailTags").path(0).asText("");
            long rareFound = 0;
            for (String sourceId : rareTag.isEmpty() ? List.<String>of() : sourceIds) {
                rareFound += rest.get("/v1/assets?size=1&sourceId=" + sourceId + "&longTailTags=" + URLEncoder.encode(rareTag, StandardCharsets.UTF_8))
                        .path("total").asLong();
            }

            System.out.println("[bench] round " + (round + 1) + ": " + QUERIES + " searches by scene tag through the API and straight to Elasticsearch ...");
            Latency apiScene = timed(() -> rest.get("/v1/assets?size=20&sceneTags=highway,day").path("total").asLong());
            Latency rawScene = timed(() -> rawSearch(esUrl, index, tenant, "sceneTags", List.of("highway", "day")));
            Latency apiLong = rareTag.isEmpty() ? new Latency(Double.NaN, Double.NaN, 0)
                    : timed(() -> rest.get("/v1/assets?size=20&longTailTags=" + URLEncoder.encode(rareTag, StandardCharsets.UTF_8)).path("total").asLong());
            Latency rawLong = rareTag.isEmpty() ? new Latency(Double.NaN, Double.NaN, 0)
                    : timed(() -> rawSearch(esUrl, index, tenant, "longTailTags", List.of(rareTag)));
            rounds.add(new Round(size, indexSize, jobs, registerSeconds, registeredSeconds, loadAfterJob, jobSeconds, searchableSeconds, status, steps, apiScene, rawScene, apiLong, rawLong,
                    highwayFound, highwayExpected, rareFound, rareExpected, rareTag, retainedPeakMib));
            // printed as it comes, so a run stopped by its timeout still shows the rounds it finished; with the heap in
            // use after a full GC (platform and bench share this JVM), so a growth from round to round shows
            System.gc();
            long heapMib = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
            System.out.printf(Locale.ROOT, "[bench] round %d: %d assets (index %d): registered in %.1f s, job %s in %.1f s (derive %.1f s, long tail %.1f s,"
                    + " apply %.1f s), searchable after %.1f s; sceneTags p50/p99 API %s raw %s; longTailTags API %s raw %s; highway %d/%d, long tail %d/%d;"
                    + " heap after GC %d MiB of %d MiB, retained while mining at most %d MiB%n", round + 1, size, indexSize,
                    registerSeconds, status, jobSeconds, steps.derive(), steps.longTail(), steps.apply(), searchableSeconds, ms(apiScene), ms(rawScene), ms(apiLong), ms(rawLong), highwayFound,
                    highwayExpected, rareFound, rareExpected, heapMib, Runtime.getRuntime().maxMemory() >> 20, retainedPeakMib);
        }

        BenchReport report = new BenchReport("scene-mining");
        report.line(String.format(Locale.ROOT, "Fleetloop scene-mining benchmark: sizes %s, %d queries each, %d cores, load average at the start %s,"
                + " at the end %s", SIZES, QUERIES, Runtime.getRuntime().availableProcessors(), loadAtStart, PlatformRun.loadAverage()));
        report.line("(servers, platform and bench share this machine; each round adds its drives to the same tenant's catalog; raw = the same"
                + " bool/term query, size 20, sorted as the API sorts, POSTed straight to Elasticsearch _search)");
        boolean ok = true;
        for (Round round : rounds) {
            report.line("");
            report.line(String.format(Locale.ROOT, "round: %,d new assets (catalog/index now %,d)", round.size(), round.indexSize()));
            report.row("write to object store + register (" + REGISTER + ", 8 clients)", String.format(Locale.ROOT, "%.1f s", round.registerSeconds()),
                    String.format(Locale.ROOT, "%.0f assets/s; catalog and index at the head after %.1f s", round.size() / round.registerSeconds(),
                            round.registeredSeconds()));
            report.row("scene mining: POST (" + round.jobs() + " job(s)) → every job " + round.status() + ", load after: " + round.loadAfterJob(), String.format(Locale.ROOT, "%.1f s", round.jobSeconds()),
                    String.format(Locale.ROOT, "%.0f assets/s, %.2f ms per asset", round.size() / round.jobSeconds(), 1000 * round.jobSeconds() / round.size()));
            stepRow(report, "derive (request → SceneTagsDerivedEvent)", round.steps().derive(), round.size());
            stepRow(report, "long tail (→ LongTailTagsComputedEvent)", round.steps().longTail(), round.size());
            stepRow(report, "apply (→ SceneMiningCompletedEvent)", round.steps().apply(), round.size());
            report.row("heap retained while mining (old gen after its collections, max)", round.retainedPeakMib() + " MiB",
                    "of " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB (platform and bench in one JVM)");
            report.row("scene mining: POST → tags searchable (asset-search at head)", String.format(Locale.ROOT, "%.1f s", round.searchableSeconds()),
                    String.format(Locale.ROOT, "%.0f assets/s, %.2f ms per asset", round.size() / round.searchableSeconds(),
                            1000 * round.searchableSeconds() / round.size()));
            report.row("GET /v1/assets?sceneTags=highway,day  p50 / p99", ms(round.apiSceneTags()), "hits " + round.apiSceneTags().total());
            report.row("raw ES _search, same query               p50 / p99", ms(round.rawSceneTags()), "hits " + round.rawSceneTags().total());
            report.row("GET /v1/assets?longTailTags=" + round.rareTag() + "  p50 / p99", ms(round.apiLongTail()), "hits " + round.apiLongTail().total());
            report.row("raw ES _search, same query               p50 / p99", ms(round.rawLongTail()), "hits " + round.rawLongTail().total());
            boolean pass = round.status().equals("COMPLETED") && round.highwayFound() == round.highwayExpected()
                    && round.rareFound() == round.rareExpected() && round.apiSceneTags().total() == round.rawSceneTags().total();
            report.row("checks: highway found / generated; long tail found / rare generated",
                    round.highwayFound() + "/" + round.highwayExpected() + "; " + round.rareFound() + "/" + round.rareExpected(), pass ? "ok" : "FAILED");
            ok &= pass;
        }
        Round largest = rounds.get(rounds.size() - 1);
        double perAsset = largest.searchableSeconds() / largest.size();
        int mined = rounds.stream().mapToInt(Round::size).sum();
        double registering = rounds.stream().mapToDouble(Round::registeredSeconds).sum();
        double mining = rounds.stream().mapToDouble(Round::searchableSeconds).sum();
        report.line("");
        report.line(String.format(Locale.ROOT, "all rounds (measured): %,d assets written and registered in %.1f s, mined (POST → tags searchable) in %.1f s"
                + " = %.2f h, %.2f ms per asset", mined, registering, mining, mining / 3600, 1000 * mining / mined));
        if (mined < 1_000_000) {
            report.line(String.format(Locale.ROOT, "extrapolation (NOT measured): 1,000,000 assets = 100 jobs of 10,000 at the largest round's %.2f ms"
                    + " per asset ≈ %.1f h on this machine, if the per-asset cost stays flat (compare the rounds above)", 1000 * perAsset,
                    perAsset * 1_000_000 / 3600));
        }
        report.write();
        return ok ? 0 : 2;
    }

    /**
     * One append at a time: concurrent 1,000-event transactions leave gaps in the global index that tracking
     * processors may give up on (Axon's gap timeout and maximum gap offset) on a loaded machine — a measured run lost
     * 202 of 20,000 registrations in {@code asset-catalog} and {@code asset-search} that way, while the subscribing
     * lookup saw all. The clients still write the objects in parallel.
     */
    private static synchronized void append(EventStore events, List<EventMessage<?>> batch) {
        events.publish(batch);
    }

    /** The event the DataAsset aggregate records for this registration: a new aggregate, sequence 0. */
    private static EventMessage<?> registered(RegisterAssetCommand c) {
        return new GenericDomainEventMessage<>("DataAsset", c.assetId().value(), 0, new MetadataRegisteredEvent(c.assetId(), c.tenantId(),
                c.sourceId(), c.ingestionTaskId(), c.storagePath(), c.sizeBytes(), c.sha256(), c.modality(), c.ingestedAt(), c.attributes()),
                MetaData.with("tenantId", c.tenantId()).and("operator", "scene-mining-bench"));
    }

    private static String ms(Latency latency) {
        return String.format(Locale.ROOT, "%.1f / %.1f ms", latency.p50(), latency.p99());
    }

    interface Query {
        long run() throws Exception;
    }

    /** 30 warm-up calls, then {@link #QUERIES} timed ones, one at a time; the hit total of the last. */
    private static Latency timed(Query query) throws Exception {
        for (int i = 0; i < 30; i++) query.run();
        Histogram histogram = new Histogram(3);
        long total = 0;
        for (int i = 0; i < QUERIES; i++) {
            long start = System.nanoTime();
            total = query.run();
            histogram.recordValue((System.nanoTime() - start) / 1000);
        }
        return new Latency(histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0, total);
    }

    private static final HttpClient ES = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The query AssetSearchIndex.search sends for these tags, straight to Elasticsearch; the hit total. */
    private static long rawSearch(String esUrl, String index, String tenant, String field, List<String> tags) throws Exception {
        StringBuilder filter = new StringBuilder("{\"term\":{\"tenantId\":\"" + tenant + "\"}}");
        for (String tag : tags) filter.append(",{\"term\":{\"").append(field).append("\":\"").append(tag).append("\"}}");
        String body = "{\"from\":0,\"size\":20,\"track_total_hits\":true,\"query\":{\"bool\":{\"filter\":[" + filter + "]}},"
                + "\"sort\":[{\"ingestedAt\":{\"order\":\"desc\"}},{\"assetId\":{\"order\":\"asc\"}}]}";
        HttpResponse<String> response = ES.send(HttpRequest.newBuilder(URI.create(esUrl + "/" + index + "/_search"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException("Elasticsearch answered " + response.statusCode() + ": " + response.body());
        return PlatformRun.JSON.readTree(response.body()).path("hits").path("total").path("value").asLong();
    }
}
