package io.fleetloop.api.orchestration.workflow;

import java.time.Duration;
import java.util.Map;

/**
 * A schedule or event trigger of a workflow (manual runs need no trigger). SCHEDULE: exactly one of {@code cron}
 * (Spring cron, six fields, in the workflow's time zone) or {@code interval}, with {@code missedRuns} and
 * {@code catchUpCap}. EVENT: {@code event} is asset_new, asset_done, ingestion.completed or behavior.feedback-decision;
 * {@code filter} maps an event field to a value it must equal, or to {@code prefix*} it must start with.
 */
public record WorkflowTrigger(Kind kind, String cron, Duration interval, MissedRunPolicy missedRuns, Integer catchUpCap,
                              String event, Map<String, String> filter) {
    public enum Kind { SCHEDULE, EVENT }

    public WorkflowTrigger {
        filter = filter == null ? Map.of() : Map.copyOf(filter);
    }

    public static WorkflowTrigger every(Duration interval, MissedRunPolicy missedRuns) {
        return new WorkflowTrigger(Kind.SCHEDULE, null, interval, missedRuns, null, null, null);
    }

    public static WorkflowTrigger on(String event, Map<String, String> filter) {
        return new WorkflowTrigger(Kind.EVENT, null, null, null, null, event, filter);
    }
}
