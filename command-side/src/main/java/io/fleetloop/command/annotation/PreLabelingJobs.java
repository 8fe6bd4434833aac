package io.fleetloop.command.annotation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.fleetloop.api.annotation.AnnotationResultId;
import io.fleetloop.api.annotation.CompletePreLabelingCommand;
import io.fleetloop.api.annotation.CreateAnnotationResultCommand;
import io.fleetloop.api.annotation.FailPreLabelingCommand;
import io.fleetloop.api.annotation.Label;
import io.fleetloop.api.annotation.PreLabelingStartedEvent;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.command.common.PersistentJobs;
import io.fleetloop.command.objectstore.PlatformObjectStore;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Running pre-labeling schedules a persistent job (db-scheduler), off the request thread. The job labels the
 * task's assets with bounded concurrency; each result is a command of its own (its id derives from task +
 * asset, so a retried or revived job creates nothing twice), which is the progress users see. Failures are
 * retried with back-off; after the last retry the task's pre-labeling fails with the reason.
 */
@Configuration(proxyBeanMethods = false)
class PreLabelingJobs {

    static final String TASK_NAME = "annotation-prelabel";
    static final int MAX_TRIES = 4;
    private static final Logger log = LoggerFactory.getLogger(PreLabelingJobs.class);

    record JobData(PreLabelingStartedEvent started, String operator) {
    }

    @Bean
    OneTimeTask<String> preLabelingTask(ObjectProvider<Runner> runner) {
        return Tasks.oneTime(TASK_NAME, String.class)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(MAX_TRIES,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(2), 2.0)))
                .execute((instance, context) -> runner.getObject().run(instance, context));
    }

    @Component
    static class Runner {
        private final ObjectMapper json;
        private final AssetDirectory assets;
        private final PlatformObjectStore store;
        private final CommandGateway commands;
        private final List<PreLabeler> labelers;
        private final int concurrency;

        Runner(ObjectMapper json, AssetDirectory assets, PlatformObjectStore store, CommandGateway commands,
               List<PreLabeler> labelers, @Value("${fleetloop.annotation.prelabel-concurrency:2}") int concurrency) {
            this.json = json;
            this.assets = assets;
            this.store = store;
            this.commands = commands;
            this.labelers = labelers;
            this.concurrency = Math.max(1, concurrency);
        }

        void run(TaskInstance<String> instance, ExecutionContext context) {
            JobData job;
            try {
                job = json.readValue(instance.getData(), JobData.class);
            } catch (Exception e) {
                throw new IllegalStateException("unreadable job data of " + instance.getId(), e);
            }
            PreLabelingStartedEvent started = job.started();
            MetaData metaData = MetaData.from(Map.of("operator", job.operator(), "tenantId", started.tenantId()));
            boolean lastTry = context.getExecution().consecutiveFailures >= MAX_TRIES - 1;
            PreLabeler labeler = labelers.stream().filter(l -> l.kind() == started.preLabelConfig().labeler()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no labeler " + started.preLabelConfig().labeler()));
            List<AnnotationResultId> results = Collections.synchronizedList(new ArrayList<>());
            List<String> errors = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, started.assetIds().size()));
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (AssetId asset : started.assetIds()) {
                    futures.add(pool.submit(() -> {
                        try {
                            results.add(labelOne(started, asset, labeler, metaData));
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
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
            if (!errors.isEmpty()) {
                String reason = errors.size() + " of " + started.assetIds().size() + " assets failed: " + String.join("; ", errors);
                if (lastTry) {
                    commands.sendAndWait(new FailPreLabelingCommand(started.taskId(), started.tenantId(), started.attempt(), reason), metaData);
                    return;
                }
                throw new IllegalStateException(reason);
            }
            List<AnnotationResultId> ordered = started.assetIds().stream().map(a -> AnnotationTask.resultIdOf(started.taskId(), a)).toList();
            commands.sendAndWait(new CompletePreLabelingCommand(started.taskId(), started.tenantId(), started.attempt(), ordered), metaData);
        }

        private AnnotationResultId labelOne(PreLabelingStartedEvent started, AssetId asset, PreLabeler labeler, MetaData metaData)
                throws Exception {
            AnnotationResultId resultId = AnnotationTask.resultIdOf(started.taskId(), asset);
            AssetDirectory.DirectoryEntry entry = assets.find(started.tenantId(), asset)
                    .orElseThrow(() -> new IllegalStateException("asset " + asset + " is not in the catalog"));
            String prefix = "s3://" + store.bucket() + "/";
            if (!entry.storagePath().startsWith(prefix)) throw new IllegalStateException("asset is not in the platform's bucket");
            List<Label> labels;
            try (GetObjectResponse object = store.client().getObject(GetObjectArgs.builder().bucket(store.bucket())
                    .object(entry.storagePath().substring(prefix.length())).build())) {
                long size = Long.parseLong(java.util.Optional.ofNullable(object.headers().get("Content-Length")).orElse("-1"));
                labels = labeler.label(asset.value(), object, size, started.annotationType(), started.preLabelConfig());
            }
            commands.sendAndWait(new CreateAnnotationResultCommand(resultId, started.tenantId(), started.taskId(), asset,
                    started.annotationType(), labels, labeler.name(started.preLabelConfig()), started.qcPolicy().spotCheckRate()), metaData);
            return resultId;
        }
    }

    @Component
    @ProcessingGroup(Launcher.PROCESSING_GROUP)
    static class Launcher {
        static final String PROCESSING_GROUP = "annotation-prelabeling";

        private final PersistentJobs jobs;
        private final OneTimeTask<String> task;

        Launcher(PersistentJobs jobs, OneTimeTask<String> preLabelingTask) {
            this.jobs = jobs;
            this.task = preLabelingTask;
        }

        @EventHandler
        void on(PreLabelingStartedEvent event, @MetaDataValue("operator") String operator) throws Exception {
            jobs.runOnce(task, event.taskId().value() + "#" + event.attempt(), new JobData(event, operator == null ? "system" : operator));
        }
    }
}
