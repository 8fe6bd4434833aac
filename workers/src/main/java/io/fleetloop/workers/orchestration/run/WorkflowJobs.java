package io.fleetloop.workers.orchestration.run;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.fleetloop.workers.common.JobTasks;
import io.fleetloop.workers.common.WorkersRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The workflow node job on the queue, claimed only by processes with the workers role. */
@Configuration(proxyBeanMethods = false)
@Conditional(WorkersRole.class)
class WorkflowJobs {

    @Bean
    OneTimeTask<String> workflowNodeTask(JobTasks tasks, WorkflowNodeRun job) {
        return tasks.task(job);
    }
}
