package io.fleetloop.workers.catalog;

import io.fleetloop.api.catalog.FailSceneMiningCommand;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.MinedAsset;
import io.fleetloop.api.catalog.RecordSceneTagsDerivedCommand;
import io.fleetloop.api.catalog.SceneMiningAsset;
import io.fleetloop.api.catalog.SceneMiningRequestedEvent;
import io.fleetloop.api.catalog.SceneMiningRunJob;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.metering.UsageSubject;
import io.fleetloop.command.catalog.SceneRules;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.workers.common.Job;
import io.fleetloop.formats.dbc.DbcFile;
import io.fleetloop.formats.dbc.DbcParser;
import io.fleetloop.workers.common.JobContext;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The scene-mining job (queued by sagas' {@code SceneMiningLauncher} by the job's id; the request — assets, filter,
 * rules — is the job's first event, read when the job runs): derives each asset's scene tags with the
 * job's rules from the metadata carried in the request and the asset's content in the object store (CSV signal logs,
 * MCAP recordings' JSON channels and candump logs decoded with the simulated ego's DBC are read; other content is mined
 * from its metadata), then records them on the job — the long-tail step follows on
 * the query side, where the asset index may be read. A cancel stops it; progress and the cancel check come at most
 * every 500 ms (each a database round trip). Usage: assets mined and bytes read. Recording is idempotent (a second
 * record is a no-op), so a retried job does nothing twice.
 */
@Component
class SceneMiningRun implements Job<SceneMiningRunJob> {

    static final int MAX_TRIES = 4;
    /** Signal logs larger than this are mined from their metadata only. */
    static final long MAX_SIGNAL_BYTES = 512L * 1024 * 1024;
    private static final Set<String> SIGNAL_SUFFIXES = Set.of(".csv", ".mcap", ".log", ".candump");
    /**
     * The DBC a candump log is decoded with, when its {@code dbc} attribute names none (an object key below the tenant's
     * prefix): the one the simulation writes for its ego CAN logs (see docs/simulation.md).
     */
    static final String SIMULATION_DBC_KEY = "simulation/dbc/fleetloop-sim-ego-v1.dbc";

    private final PlatformObjectStore store;
    private final CommandGateway commands;
    private final EventStore events;
    private final int inFlight;

    SceneMiningRun(PlatformObjectStore store, CommandGateway commands, EventStore events,
                   @Value("${fleetloop.scene-mining.reads-in-flight:" + DEFAULT_IN_FLIGHT + "}") int inFlight) {
        if (inFlight < 1 || inFlight > 64) throw new IllegalArgumentException("fleetloop.scene-mining.reads-in-flight: 1..64, got " + inFlight);
        this.store = store;
        this.commands = commands;
        this.events = events;
        this.inFlight = inFlight;
    }

    @Override
    public String name() {
        return SceneMiningRunJob.NAME;
    }

    @Override
    public Class<SceneMiningRunJob> requestType() {
        return SceneMiningRunJob.class;
    }

    @Override
    public int maxTries() {
        return MAX_TRIES;
    }

    /**
     * Assets read and mined at once by default ({@code fleetloop.scene-mining.reads-in-flight}, 1..64): each asset's
     * time is mostly waiting for its object store GET, so a few in flight hide that wait.
     */
    static final int DEFAULT_IN_FLIGHT = 4;

    /**
     * How often the job reports its progress and checks for a cancel (each a database round trip): at most once per
     * this many nanoseconds, and at the end, instead of per asset.
     */
    static final long CHECK_EVERY_NANOS = 500_000_000L;

    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "scene-mining-read");
        thread.setDaemon(true);
        return thread;
    });

    /** One asset's result and the bytes read for it. */
    private record Mined(MinedAsset asset, long bytes) {
    }

    @Override
    public void run(SceneMiningRunJob job, JobContext context) throws Exception {
        SceneMiningRequestedEvent requested = job.requested() != null ? job.requested() : requested(job);
        MetaData metaData = MetaData.from(Map.of("operator", job.operator(), "tenantId", requested.tenantId()));
        SceneRules.Evaluator rules = SceneRules.evaluator(requested.rules());
        List<MinedAsset> mined = new ArrayList<>();
        Map<String, Optional<DbcFile>> dbcs = new ConcurrentHashMap<>();
        List<SceneMiningAsset> assets = requested.assets();
        long bytes = 0;
        int total = assets.size();
        // a window of IN_FLIGHT assets ahead of the one collected; results are collected in the request's order
        Deque<Future<Mined>> window = new ArrayDeque<>();
        int next = 0;
        long lastCheck = System.nanoTime() - CHECK_EVERY_NANOS;
        try {
            while (mined.size() < total) {
                if (System.nanoTime() - lastCheck >= CHECK_EVERY_NANOS) {
                    if (context.cancelled()) return; // the cancel is recorded on the job already; nothing is applied
                    if (!mined.isEmpty()) context.progress(mined.size(), total);
                    lastCheck = System.nanoTime();
                }
                while (next < total && window.size() < inFlight) {
                    SceneMiningAsset asset = assets.get(next++);
                    window.add(READERS.submit(() -> mine(requested, rules, asset, dbcs)));
                }
                Mined one = collect(window.removeFirst());
                mined.add(one.asset());
                bytes += one.bytes();
            }
            context.progress(total, total);
            commands.sendAndWait(new RecordSceneTagsDerivedCommand(requested.jobId(), requested.tenantId(), mined), metaData);
        } catch (Exception e) {
            if (context.lastTry()) {
                commands.sendAndWait(new FailSceneMiningCommand(requested.jobId(), requested.tenantId(), String.valueOf(e.getMessage())), metaData);
                return;
            }
            throw e;
        } finally {
            window.forEach(f -> f.cancel(true));
            UsageSubject subject = UsageSubject.ofTask(requested.tenantId(), LoopContext.CAT, requested.jobId().value());
            context.meter(subject, "scene-mined-assets", mined.size(), "asset");
            if (bytes > 0) context.recordUsage("object-store-bytes-read", bytes, "byte");
        }
    }

    /** The job's request, from its first event (read through the event store, so on Axon Server as well). */
    private SceneMiningRequestedEvent requested(SceneMiningRunJob job) {
        DomainEventStream stream = events.readEvents(job.jobId().value());
        if (stream.hasNext() && stream.next().getPayload() instanceof SceneMiningRequestedEvent requested
                && requested.tenantId().equals(job.tenantId())) {
            return requested;
        }
        throw new IllegalStateException("scene-mining job " + job.jobId() + " of tenant " + job.tenantId() + " has no recorded request");
    }

    private static Mined collect(Future<Mined> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** One asset: its signals (if it is a signal log), features, the rules' tags and its location cluster. */
    private Mined mine(SceneMiningRequestedEvent requested, SceneRules.Evaluator rules, SceneMiningAsset asset,
                       Map<String, Optional<DbcFile>> dbcs) throws Exception {
        SceneFeatures.Signals signals = SceneFeatures.Signals.none();
        long[] read = {0};
        if (isSignalLog(asset)) signals = read(requested.tenantId(), asset, read, dbcs);
        Map<String, Object> features = SceneFeatures.of(asset, signals, requested.rules());
        List<String> tags = new ArrayList<>(rules.tags(features));
        Object geohash = features.get("geohash");
        if (geohash instanceof String hash && !hash.isEmpty()) tags.add("geo:" + hash);
        List<String> sorted = tags.stream().sorted().distinct().toList();
        return new Mined(new MinedAsset(asset.assetId(), sorted, SceneFeatures.combinations(sorted), List.of()), read[0]);
    }

    private static boolean isSignalLog(SceneMiningAsset asset) {
        String path = asset.storagePath().toLowerCase(Locale.ROOT);
        if (isCandump(asset)) return true;
        return SIGNAL_SUFFIXES.stream().filter(x -> !x.equals(".log") && !x.equals(".candump")).anyMatch(path::endsWith);
    }

    private static boolean isCandump(SceneMiningAsset asset) {
        String path = asset.storagePath().toLowerCase(Locale.ROOT);
        return path.endsWith(".candump") || (asset.modality() == Modality.CAN && path.endsWith(".log"));
    }

    /** The DBC for a candump asset; {@code dbcs}: those read during this job, by object key (an absent one: empty). */
    private DbcFile dbc(String tenantId, SceneMiningAsset asset, Map<String, Optional<DbcFile>> dbcs) {
        String prefix = PlatformObjectStore.tenantPrefix(tenantId);
        String named = asset.attributes().getOrDefault("dbc", "");
        if (named.startsWith("s3://" + store.bucket() + "/")) named = named.substring(("s3://" + store.bucket() + "/").length());
        String key = named.startsWith(prefix) && !named.contains("..") ? named : prefix + SIMULATION_DBC_KEY;
        return dbcs.computeIfAbsent(key, k -> {
            try (var in = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket()).object(k).build())) {
                return Optional.of(DbcParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (Exception e) {
                return Optional.empty();
            }
        }).orElse(null);
    }

    private SceneFeatures.Signals read(String tenantId, SceneMiningAsset asset, long[] bytesRead, Map<String, Optional<DbcFile>> dbcs)
            throws Exception {
        String prefix = "s3://" + store.bucket() + "/";
        if (!asset.storagePath().startsWith(prefix)) return SceneFeatures.Signals.none();
        try (GetObjectResponse object = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket())
                .object(asset.storagePath().substring(prefix.length())).build())) {
            long size = Long.parseLong(Optional.ofNullable(object.headers().get("Content-Length")).orElse("-1"));
            if (size > MAX_SIGNAL_BYTES) return SceneFeatures.Signals.none();
            bytesRead[0] = Math.max(0, size);
            if (asset.storagePath().toLowerCase(Locale.ROOT).endsWith(".mcap")) {
                Path file = Files.createTempFile("scene-mining-", ".mcap");
                try {
                    Files.copy(object, file, StandardCopyOption.REPLACE_EXISTING);
                    return SceneFeatures.readMcap(file);
                } finally {
                    Files.deleteIfExists(file);
                }
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(object, StandardCharsets.UTF_8));
            if (isCandump(asset)) {
                DbcFile dbc = dbc(tenantId, asset, dbcs);
                return dbc == null ? SceneFeatures.Signals.none() : SceneFeatures.readCandump(reader, dbc);
            }
            Map<String, String> lower = new java.util.HashMap<>();
            asset.attributes().forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
            return SceneFeatures.read(reader, lower);
        }
    }
}
