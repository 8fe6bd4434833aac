package io.fleetloop.command.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Schedules a db-scheduler job to run now, once per instance id, with its data as JSON: how event handlers hand
 * long or retried work (ingestion runs, pre-labeling, webhook deliveries) to persistent jobs.
 */
@Component
public class PersistentJobs {

    private final SchedulerClient scheduler;
    private final ObjectMapper json;
    private final Clock clock;

    PersistentJobs(SchedulerClient scheduler, ObjectMapper json, Clock clock) {
        this.scheduler = scheduler;
        this.json = json;
        this.clock = clock;
    }

    public void runOnce(OneTimeTask<String> task, String instanceId, Object data) throws JsonProcessingException {
        scheduler.scheduleIfNotExists(task.instance(instanceId, json.writeValueAsString(data)), clock.instant());
    }
}
