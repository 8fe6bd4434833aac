package io.fleetloop.workers.annotation;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.fleetloop.workers.common.JobTasks;
import io.fleetloop.workers.common.WorkersRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The annotation context's jobs on the queue, claimed only by processes with the workers role. */
@Configuration(proxyBeanMethods = false)
@Conditional(WorkersRole.class)
class AnnotationJobs {

    @Bean
    OneTimeTask<String> preLabelingTask(JobTasks tasks, PreLabelingRun job) {
        return tasks.task(job);
    }
}
