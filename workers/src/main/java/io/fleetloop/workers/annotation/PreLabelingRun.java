package io.fleetloop.workers.annotation;

import io.fleetloop.api.annotation.AnnotationResultId;
import io.fleetloop.api.annotation.CompletePreLabelingCommand;
import io.fleetloop.api.annotation.CreateAnnotationResultCommand;
import io.fleetloop.api.annotation.FailPreLabelingCommand;
import io.fleetloop.api.annotation.Label;
import io.fleetloop.api.annotation.PreLabelingJob;
import io.fleetloop.api.annotation.PreLabelingStartedEvent;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.metering.UsageSubject;
import io.fleetloop.command.annotation.AssetDirectory;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.fleetloop.workers.common.Job;
import io.fleetloop.workers.common.JobContext;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The pre-labeling job (queued by sagas' pre-labeling launcher): labels the task's assets with bounded
 * concurrency; each result is a command of its own (its id derives from task + asset, so a retried or revived job
 * creates nothing twice), which is the progress users see. Failures are retried with back-off; the last try fails
 * the task's pre-labeling with the reason. Usage: the assets labelled, per labeler.
 */
@Component
class PreLabelingRun implements Job<PreLabelingJob> {

    static final int MAX_TRIES = 4;
    private static final Logger log = LoggerFactory.getLogger(PreLabelingRun.class);

    private final AssetDirectory assets;
    private final PlatformObjectStore store;
    private final CommandGateway commands;
    private final List<PreLabeler> labelers;
    private final int concurrency;

    PreLabelingRun(AssetDirectory assets, PlatformObjectStore store, CommandGateway commands, List<PreLabeler> labelers,
                   @Value("${fleetloop.annotation.prelabel-concurrency:2}") int concurrency) {
        this.assets = assets;
        this.store = store;
        this.commands = commands;
        this.labelers = labelers;
        this.concurrency = Math.max(1, concurrency);
    }

    @Override
    public String name() {
        return PreLabelingJob.NAME;
    }

    @Override
    public Class<PreLabelingJob> requestType() {
        return PreLabelingJob.class;
    }

    @Override
    public int maxTries() {
        return MAX_TRIES;
    }

    @Override
    public void run(PreLabelingJob job, JobContext context) {
        PreLabelingStartedEvent started = job.started();
        MetaData metaData = MetaData.from(Map.of("operator", job.operator(), "tenantId", started.tenantId()));
        PreLabeler labeler = labelers.stream().filter(l -> l.kind() == started.preLabelConfig().labeler()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no labeler " + started.preLabelConfig().labeler()));
        List<AnnotationResultId> results = Collections.synchronizedList(new ArrayList<>());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        int total = started.assetIds().size();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, total));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (AssetId asset : started.assetIds()) {
                futures.add(pool.submit(() -> {
                    if (context.cancelled()) {
                        errors.add("asset " + asset + ": cancelled");
                        return;
                    }
                    try {
                        results.add(labelOne(started, asset, labeler, metaData));
                        context.progress(results.size(), total);
                    } catch (Exception e) {
                        errors.add("asset " + asset + ": " + e.getMessage());
                        log.warn("Pre-labeling asset {} of task {} failed", asset, started.taskId(), e);
                    }
                }));
            }
            for (Future<?> future : futures) future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            UsageSubject subject = UsageSubject.ofTask(started.tenantId(), LoopContext.ANN, started.taskId().value());
            context.meter(subject, "prelabeled-assets:" + labeler.name(started.preLabelConfig()), results.size(), "asset");
        }
        if (!errors.isEmpty()) {
            String reason = errors.size() + " of " + total + " assets failed: " + String.join("; ", errors);
            if (context.lastTry() || context.cancelled()) {
                commands.sendAndWait(new FailPreLabelingCommand(started.taskId(), started.tenantId(), started.attempt(), reason), metaData);
                return;
            }
            throw new IllegalStateException(reason);
        }
        List<AnnotationResultId> ordered = started.assetIds().stream().map(a -> AnnotationResultId.derivedFrom(started.taskId(), a)).toList();
        commands.sendAndWait(new CompletePreLabelingCommand(started.taskId(), started.tenantId(), started.attempt(), ordered), metaData);
    }

    private AnnotationResultId labelOne(PreLabelingStartedEvent started, AssetId asset, PreLabeler labeler, MetaData metaData)
            throws Exception {
        AnnotationResultId resultId = AnnotationResultId.derivedFrom(started.taskId(), asset);
        AssetDirectory.DirectoryEntry entry = assets.find(started.tenantId(), asset)
                .orElseThrow(() -> new IllegalStateException("asset " + asset + " is not in the catalog"));
        String prefix = "s3://" + store.bucket() + "/";
        if (!entry.storagePath().startsWith(prefix)) throw new IllegalStateException("asset is not in the platform's bucket");
        List<Label> labels;
        String key = entry.storagePath().substring(prefix.length());
        try (GetObjectResponse object = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket())
                .object(key).build())) {
            long size = Long.parseLong(Optional.ofNullable(object.headers().get("Content-Length")).orElse("-1"));
            labels = labeler.label(asset.value(), key, object, size, started.annotationType(), started.preLabelConfig());
        }
        commands.sendAndWait(new CreateAnnotationResultCommand(resultId, started.tenantId(), started.taskId(), asset,
                started.annotationType(), labels, labeler.name(started.preLabelConfig()), started.qcPolicy().spotCheckRate()), metaData);
        return resultId;
    }
}
