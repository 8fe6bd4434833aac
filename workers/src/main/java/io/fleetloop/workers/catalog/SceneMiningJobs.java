package io.fleetloop.workers.catalog;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.fleetloop.workers.common.JobTasks;
import io.fleetloop.workers.common.WorkersRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The catalog context's jobs on the queue, claimed only by processes with the workers role. */
@Configuration(proxyBeanMethods = false)
@Conditional(WorkersRole.class)
class SceneMiningJobs {

    @Bean
    OneTimeTask<String> sceneMiningTask(JobTasks tasks, SceneMiningRun job) {
        return tasks.task(job);
    }
}
