package io.fleetloop.workers.ingestion;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.fleetloop.workers.common.JobTasks;
import io.fleetloop.workers.common.WorkersRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The ingestion context's jobs on the queue, claimed only by processes with the workers role. */
@Configuration(proxyBeanMethods = false)
@Conditional(WorkersRole.class)
class IngestionJobs {

    @Bean
    OneTimeTask<String> ingestionRunTask(JobTasks tasks, S3IngestionJob job) {
        return tasks.task(job);
    }

    @Bean
    OneTimeTask<String> kafkaIngestionRunTask(JobTasks tasks, KafkaIngestionJob job) {
        return tasks.task(job);
    }
}
