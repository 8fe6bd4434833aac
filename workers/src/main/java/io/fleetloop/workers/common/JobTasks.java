package io.fleetloop.workers.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.fleetloop.api.metering.MeterUsageCommand;
import io.fleetloop.api.metering.UsageSubject;
import io.fleetloop.refusals.CommandRefusals;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Makes a {@link Job} a db-scheduler task: the queue is db-scheduler's table, so several worker processes share
 * the jobs (each execution is picked by one), and a job whose worker died (no heartbeat) is picked up again.
 * Only processes with the workers role register these tasks ({@link WorkersRole}); the others leave them queued.
 */
@Component
public class JobTasks {

    private static final Logger log = LoggerFactory.getLogger(JobTasks.class);

    private final ObjectMapper json;
    private final JobControl control;
    private final CommandGateway commands;
    private final Clock clock;

    JobTasks(ObjectMapper json, JobControl control, CommandGateway commands, Clock clock) {
        this.json = json;
        this.control = control;
        this.commands = commands;
        this.clock = clock;
    }

    /**
     * Sends a usage to the tenant's account; a conflict with another process writing the same account at once is
     * retried (the command is idempotent by usage id).
     */
    public void meter(MeterUsageCommand command) {
        for (int attempt = 1; ; attempt++) {
            try {
                commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(Map.of("operator", "metering", "tenantId", command.tenantId())));
                return;
            } catch (RuntimeException e) {
                if (attempt >= 5 || CommandRefusals.details(e).isPresent()) throw e;
            }
        }
    }

    /**
     * A usage resource name as the account accepts it: {@code base[:variant]}, lower case, any other character of the
     * variant (a labeler's URL, a version slash) turned into '-', at most 64 characters each.
     */
    static String resourceName(String resource) {
        String lower = resource.toLowerCase(Locale.ROOT);
        int colon = lower.indexOf(':');
        String base = clean(colon < 0 ? lower : lower.substring(0, colon));
        if (colon < 0) return base;
        String variant = clean(lower.substring(colon + 1));
        return variant.isEmpty() ? base : base + ":" + variant;
    }

    private static String clean(String part) {
        String cleaned = part.replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[-._]+|-+$", "");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }

    public <R> OneTimeTask<String> task(Job<R> job) {
        return Tasks.oneTime(job.name(), String.class)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(job.maxTries(),
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(2), 2.0)))
                .execute((instance, execution) -> run(job, instance, execution));
    }

    private <R> void run(Job<R> job, TaskInstance<String> instance, ExecutionContext execution) {
        R request;
        try {
            request = json.readValue(instance.getData(), job.requestType());
        } catch (Exception e) {
            throw new IllegalStateException("unreadable request of job " + instance.getTaskAndInstance(), e);
        }
        try {
            job.run(request, new Context(job, instance, execution));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("job " + instance.getTaskAndInstance() + " failed", e);
        }
    }

    private final class Context implements JobContext {
        private final String jobId;
        private final int attempt;
        private final int maxTries;
        private final ExecutionContext execution;

        Context(Job<?> job, TaskInstance<String> instance, ExecutionContext execution) {
            this.jobId = job.name() + "/" + instance.getId();
            this.attempt = execution.getExecution().consecutiveFailures + 1;
            this.maxTries = job.maxTries();
            this.execution = execution;
        }

        @Override
        public String jobId() {
            return jobId;
        }

        @Override
        public int attempt() {
            return attempt;
        }

        @Override
        public boolean lastTry() {
            return attempt >= maxTries;
        }

        @Override
        public void progress(long done, long total) {
            control.recordProgress(jobId, done, total);
        }

        @Override
        public boolean cancelled() {
            return execution.getSchedulerState().isShuttingDown() || control.cancelRequested(jobId);
        }

        @Override
        public void recordUsage(String resource, double quantity, String unit) {
            control.recordUsage(jobId, attempt, resource, quantity, unit);
        }

        @Override
        public void meter(UsageSubject subject, String resource, double quantity, String unit) {
            String name = resourceName(resource);
            recordUsage(name, quantity, unit);
            try {
                JobTasks.this.meter(MeterUsageCommand.of(subject, jobId + "/" + name, jobId, name, quantity, unit, clock.instant()));
            } catch (RuntimeException e) {
                // A usage the account refuses as bad input is a bug to fix, not a reason to fail the user's job.
                if (CommandRefusals.details(e).isEmpty()) throw e;
                log.error("Usage {} {} of job {} was not metered: {}", quantity, name, jobId, e.getMessage());
            }
        }
    }
}
