package io.fleetloop.workers.metering;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.fleetloop.workers.common.WorkersRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** The storage sampler as a recurring job (one execution cluster-wide per run, claimed by a process with the workers role). */
@Configuration(proxyBeanMethods = false)
@Conditional(WorkersRole.class)
class MeteringJobs {

    static final String STORAGE_SAMPLE = "metering-storage-sample";

    /** Every 6 hours: a day's usage id makes the four samples of a day one charge (its peak). */
    @Bean
    RecurringTask<Void> storageSampleTask(StorageSampler sampler) {
        return Tasks.recurring(STORAGE_SAMPLE, Schedules.fixedDelay(Duration.ofHours(6))).execute((instance, context) -> sampler.sample());
    }
}
