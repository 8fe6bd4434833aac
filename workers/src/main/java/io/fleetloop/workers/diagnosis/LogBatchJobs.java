package io.fleetloop.workers.diagnosis;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.fleetloop.workers.common.JobTasks;
import io.fleetloop.workers.common.WorkersRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The log-batch jobs on the queue (parse per file, gather per batch), claimed only by processes with the workers role. */
@Configuration(proxyBeanMethods = false)
@Conditional(WorkersRole.class)
class LogBatchJobs {

    @Bean
    OneTimeTask<String> logParseTask(JobTasks tasks, ParseLogFileRun job) {
        return tasks.task(job);
    }

    @Bean
    OneTimeTask<String> logGatherTask(JobTasks tasks, GatherLogBatchRun job) {
        return tasks.task(job);
    }
}
