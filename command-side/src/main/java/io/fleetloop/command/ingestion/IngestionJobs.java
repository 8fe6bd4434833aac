package io.fleetloop.command.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import java.time.Clock;
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

        private final SchedulerClient scheduler;
        private final OneTimeTask<String> task;
        private final ObjectMapper json;
        private final Clock clock;

        Launcher(SchedulerClient scheduler, OneTimeTask<String> ingestionRunTask, ObjectMapper json, Clock clock) {
            this.scheduler = scheduler;
            this.task = ingestionRunTask;
            this.json = json;
            this.clock = clock;
        }

        @EventHandler
        void on(DataIngestionStartedEvent event, @MetaDataValue("operator") String operator) throws Exception {
            String instanceId = event.taskId().value() + "#" + event.attempt();
            String data = json.writeValueAsString(new JobData(event, operator == null ? "system" : operator));
            scheduler.scheduleIfNotExists(task.instance(instanceId, data), clock.instant());
        }
    }
}
