package io.fleetloop.sagas.orchestration.workflow;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.fleetloop.api.orchestration.workflow.WorkflowTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Schedule triggers, cluster-safe: one db-scheduler task instance per scheduled workflow ({@code workflow-schedule/<id>}),
 * due at the next slot; whichever node picks it starts the runs of the due slots ({@link ScheduleFiring}) and re-plans it.
 * Every revision, enable or disable re-plans it at once (from the subscribing {@link WorkflowTriggerTable}); a disabled or
 * unscheduled workflow has no task. The run id derives from workflow and slot, so a slot never starts two runs.
 */
@Configuration(proxyBeanMethods = false)
class WorkflowSchedules {

    static final String TASK_NAME = "workflow-schedule";
    private static final Logger log = LoggerFactory.getLogger(WorkflowSchedules.class);

    private final ObjectProvider<SchedulerClient> scheduler;
    private final Clock clock;

    WorkflowSchedules(ObjectProvider<SchedulerClient> scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Bean
    CustomTask<String> workflowScheduleTask(ObjectProvider<ScheduleFiring> firing) {
        return Tasks.custom(TASK_NAME, String.class)
                .execute((instance, context) -> {
                    Optional<Instant> next = firing.getObject().fire(instance.getData());
                    return (complete, operations) -> {
                        if (next.isPresent()) operations.reschedule(complete, next.get());
                        else operations.remove();
                    };
                });
    }

    /** Puts the workflow's schedule task at its next slot, or removes it when the workflow is disabled or has no schedule. */
    void plan(String workflowId, WorkflowTriggerTable.Row row) {
        TaskInstanceId id = TaskInstanceId.of(TASK_NAME, workflowId);
        SchedulerClient client = scheduler.getObject();
        Optional<Instant> next = row == null || !row.enabled() ? Optional.empty() : row.schedule().map(s -> nextSlot(s, row));
        var existing = client.getScheduledExecution(id);
        if (existing.isPresent() && existing.get().isPicked()) return; // running now: it re-plans itself from the table when done
        if (next.isEmpty()) {
            if (existing.isPresent()) {
                try {
                    client.cancel(id);
                } catch (RuntimeException raced) {
                    log.debug("Schedule of {} not cancelled (picked meanwhile): {}", workflowId, raced.getMessage());
                }
            }
            return;
        }
        if (existing.isPresent()) client.reschedule(id, next.get());
        else client.scheduleIfNotExists(new TaskInstance<>(TASK_NAME, workflowId, workflowId), next.get());
    }

    Instant nextSlot(WorkflowTrigger schedule, WorkflowTriggerTable.Row row) {
        Instant now = clock.instant();
        Instant after = row.lastFiredFor() != null && row.lastFiredFor().isAfter(now) ? row.lastFiredFor() : now;
        Instant next = ScheduleSlots.next(schedule, row.zone(), after);
        return next == null ? Instant.MAX : next;
    }
}
