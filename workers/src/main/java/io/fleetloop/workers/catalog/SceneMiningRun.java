package io.fleetloop.workers.catalog;

import io.fleetloop.api.catalog.FailSceneMiningCommand;
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
import io.fleetloop.workers.common.JobContext;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The scene-mining job (queued by sagas' {@code SceneMiningLauncher}): derives each asset's scene tags with the
 * job's rules from the metadata carried in the request and the asset's content in the object store (CSV signal logs
 * are read; other content is mined from its metadata), then records them on the job — the long-tail step follows on
 * the query side, where the asset index may be read. Progress per asset; a cancel stops it; usage: assets mined and
 * bytes read. Recording is idempotent (a second record is a no-op), so a retried job does nothing twice.
 */
@Component
class SceneMiningRun implements Job<SceneMiningRunJob> {

    static final int MAX_TRIES = 4;
    /** Signal logs larger than this are mined from their metadata only. */
    static final long MAX_SIGNAL_BYTES = 512L * 1024 * 1024;
    private static final Set<String> SIGNAL_SUFFIXES = Set.of(".csv");

    private final PlatformObjectStore store;
    private final CommandGateway commands;

    SceneMiningRun(PlatformObjectStore store, CommandGateway commands) {
        this.store = store;
        this.commands = commands;
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

    @Override
    public void run(SceneMiningRunJob job, JobContext context) throws Exception {
        SceneMiningRequestedEvent requested = job.requested();
        MetaData metaData = MetaData.from(Map.of("operator", job.operator(), "tenantId", requested.tenantId()));
        SceneRules.Evaluator rules = SceneRules.evaluator(requested.rules());
        List<MinedAsset> mined = new ArrayList<>();
        long bytes = 0;
        int total = requested.assets().size();
        try {
            for (SceneMiningAsset asset : requested.assets()) {
                if (context.cancelled()) return; // the cancel is recorded on the job already; nothing is applied
                SceneFeatures.Signals signals = SceneFeatures.Signals.none();
                if (isSignalLog(asset)) {
                    long[] read = {0};
                    signals = read(asset, read);
                    bytes += read[0];
                }
                Map<String, Object> features = SceneFeatures.of(asset, signals, requested.rules());
                List<String> tags = new ArrayList<>(rules.tags(features));
                Object geohash = features.get("geohash");
                if (geohash instanceof String hash && !hash.isEmpty()) tags.add("geo:" + hash);
                List<String> sorted = tags.stream().sorted().distinct().toList();
                mined.add(new MinedAsset(asset.assetId(), sorted, SceneFeatures.combinations(sorted), List.of()));
                context.progress(mined.size(), total);
            }
            commands.sendAndWait(new RecordSceneTagsDerivedCommand(requested.jobId(), requested.tenantId(), mined), metaData);
        } catch (Exception e) {
            if (context.lastTry()) {
                commands.sendAndWait(new FailSceneMiningCommand(requested.jobId(), requested.tenantId(), String.valueOf(e.getMessage())), metaData);
                return;
            }
            throw e;
        } finally {
            UsageSubject subject = UsageSubject.ofTask(requested.tenantId(), LoopContext.CAT, requested.jobId().value());
            context.meter(subject, "scene-mined-assets", mined.size(), "asset");
            if (bytes > 0) context.recordUsage("object-store-bytes-read", bytes, "byte");
        }
    }

    private static boolean isSignalLog(SceneMiningAsset asset) {
        String path = asset.storagePath().toLowerCase(Locale.ROOT);
        return SIGNAL_SUFFIXES.stream().anyMatch(path::endsWith);
    }

    private SceneFeatures.Signals read(SceneMiningAsset asset, long[] bytesRead) throws Exception {
        String prefix = "s3://" + store.bucket() + "/";
        if (!asset.storagePath().startsWith(prefix)) return SceneFeatures.Signals.none();
        try (GetObjectResponse object = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket())
                .object(asset.storagePath().substring(prefix.length())).build())) {
            long size = Long.parseLong(java.util.Optional.ofNullable(object.headers().get("Content-Length")).orElse("-1"));
            if (size > MAX_SIGNAL_BYTES) return SceneFeatures.Signals.none();
            bytesRead[0] = Math.max(0, size);
            BufferedReader reader = new BufferedReader(new InputStreamReader(object, StandardCharsets.UTF_8), 1 << 16);
            Map<String, String> lower = new java.util.HashMap<>();
            asset.attributes().forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
            return SceneFeatures.read(reader, lower);
        }
    }
}
