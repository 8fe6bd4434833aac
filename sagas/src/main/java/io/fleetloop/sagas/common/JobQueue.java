package io.fleetloop.sagas.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * How a process starts a job: it puts the job's request (a message record of {@code api}, as JSON) on the
 * durable queue (db-scheduler's table) under the job's name, once per instance id. Whichever process runs
 * that job claims it (the {@code workers} role); a job that is already queued is not queued twice.
 */
@Component
public class JobQueue {

    private final SchedulerClient scheduler;
    private final ObjectMapper json;
    private final Clock clock;

    JobQueue(SchedulerClient scheduler, ObjectMapper json, Clock clock) {
        this.scheduler = scheduler;
        this.json = json;
        this.clock = clock;
    }

    public void start(String jobName, String instanceId, Object request) throws JsonProcessingException {
        start(jobName, instanceId, request, clock.instant());
    }

    /** Queues the job to run not before {@code notBefore} (a retry's back-off); now when it is in the past or null. */
    public void start(String jobName, String instanceId, Object request, Instant notBefore) throws JsonProcessingException {
        Instant now = clock.instant();
        Instant at = notBefore == null || notBefore.isBefore(now) ? now : notBefore;
        scheduler.scheduleIfNotExists(new TaskInstance<>(jobName, instanceId, json.writeValueAsString(request)), at);
    }
}
