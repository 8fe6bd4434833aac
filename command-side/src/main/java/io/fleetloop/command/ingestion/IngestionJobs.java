package io.fleetloop.command.ingestion;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.command.common.PersistentJobs;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Starting an ingestion schedules a persistent job (db-scheduler): it runs on the scheduler's threads, outside
 * any unit of work, so each landed object commits on its own and shows as progress; if the platform dies
 * mid-run, the scheduler revives the job and the task's per-key idempotency makes the re-run harmless.
 */
@Configuration(proxyBeanMethods = false)
class IngestionJobs {

    static final String TASK_NAME = "ingestion-run";

    /** The job's data: what started it and who. */
    record JobData(DataIngestionStartedEvent started, String operator) {
    }

    @Bean
    OneTimeTask<String> ingestionRunTask(ObjectProvider<S3IngestionRun> run) {
        return Tasks.oneTime(TASK_NAME, String.class)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(5,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(2), 2.0)))
                .execute((instance, context) -> {
                    try {
                        run.getObject().execute(instance.getData());
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException("ingestion run " + instance.getId() + " failed", e);
                    }
                });
    }

    @Component
    @ProcessingGroup(Launcher.PROCESSING_GROUP)
    static class Launcher {

        static final String PROCESSING_GROUP = "ingestion-connector";

        private final PersistentJobs jobs;
        private final OneTimeTask<String> task;

        Launcher(PersistentJobs jobs, OneTimeTask<String> ingestionRunTask) {
            this.jobs = jobs;
            this.task = ingestionRunTask;
        }

        @EventHandler
        void on(DataIngestionStartedEvent event, @MetaDataValue("operator") String operator) throws Exception {
            jobs.runOnce(task, event.taskId().value() + "#" + event.attempt(), new JobData(event, operator == null ? "system" : operator));
        }
    }
}
