package io.fleetloop.sagas.orchestration.workflow;

import io.fleetloop.api.orchestration.workflow.MissedRunPolicy;
import io.fleetloop.api.orchestration.workflow.WorkflowTrigger;
import org.springframework.scheduling.support.CronExpression;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The slots of a schedule trigger and the missed-runs policy, as plain functions of instants (tested with fixed times).
 * Cron slots are computed in the workflow's time zone; fixed-interval slots are multiples of the interval since the epoch.
 */
final class ScheduleSlots {

    /** How many due slots one execution looks at, at most (the latest ones). */
    static final int MAX_DUE = 1000;

    private ScheduleSlots() {
    }

    /** The first slot strictly after {@code after}; null when the cron expression has none. */
    static Instant next(WorkflowTrigger schedule, ZoneId zone, Instant after) {
        if (schedule.interval() != null) {
            long step = schedule.interval().toMillis();
            long k = Math.floorDiv(after.toEpochMilli(), step) + 1;
            return Instant.ofEpochMilli(k * step);
        }
        ZonedDateTime next = CronExpression.parse(schedule.cron()).next(ZonedDateTime.ofInstant(after, zone));
        return next == null ? null : next.toInstant();
    }

    /** The slots in (after, upTo], oldest first, at most the latest {@link #MAX_DUE}. */
    static List<Instant> due(WorkflowTrigger schedule, ZoneId zone, Instant after, Instant upTo) {
        List<Instant> due = new ArrayList<>();
        Instant from = after;
        if (schedule.interval() != null) {
            long step = schedule.interval().toMillis();
            long skip = Duration.between(after, upTo).toMillis() / step - MAX_DUE;
            if (skip > 0) from = after.plusMillis(skip * step);
        }
        for (Instant slot = next(schedule, zone, from); slot != null && !slot.isAfter(upTo); slot = next(schedule, zone, slot)) {
            due.add(slot);
            if (due.size() > MAX_DUE) due.remove(0);
        }
        return due;
    }

    /**
     * Which due slots start a run. The latest due slot is on time when it is at most {@code grace} old; every earlier
     * one was missed. SKIP runs the latest only when on time; RUN_ONCE runs the latest; RUN_ALL runs the latest
     * {@code cap} slots.
     */
    static List<Instant> toRun(MissedRunPolicy policy, int cap, List<Instant> due, Instant now, Duration grace) {
        if (due.isEmpty()) return List.of();
        Instant latest = due.get(due.size() - 1);
        boolean onTime = !latest.isBefore(now.minus(grace));
        return switch (policy == null ? MissedRunPolicy.SKIP : policy) {
            case SKIP -> onTime ? List.of(latest) : List.of();
            case RUN_ONCE -> List.of(latest);
            case RUN_ALL -> List.copyOf(due.subList(Math.max(0, due.size() - Math.max(1, cap)), due.size()));
        };
    }
}
