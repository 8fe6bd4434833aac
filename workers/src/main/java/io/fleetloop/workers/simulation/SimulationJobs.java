package io.fleetloop.workers.simulation;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.fleetloop.workers.common.JobTasks;
import io.fleetloop.workers.common.WorkersRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The simulation context's job on the queue, claimed only by processes with the workers role. */
@Configuration(proxyBeanMethods = false)
@Conditional(WorkersRole.class)
class SimulationJobs {

    @Bean
    OneTimeTask<String> simulationRunTask(JobTasks tasks, SimulationRun job) {
        return tasks.task(job);
    }
}
