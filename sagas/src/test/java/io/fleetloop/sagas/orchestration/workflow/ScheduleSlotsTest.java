package io.fleetloop.sagas.orchestration.workflow;

import io.fleetloop.api.orchestration.workflow.MissedRunPolicy;
import io.fleetloop.api.orchestration.workflow.WorkflowTrigger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleSlotsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final WorkflowTrigger EVERY_MINUTE = WorkflowTrigger.every(Duration.ofMinutes(1), MissedRunPolicy.SKIP);
    private static final Instant T = Instant.parse("2026-12-04T08:00:00Z");

    @Test
    void intervalSlotsAreMultiplesOfTheIntervalAfterTheLastOne() {
        assertThat(ScheduleSlots.next(EVERY_MINUTE, BERLIN, T)).isEqualTo(T.plusSeconds(60));
        assertThat(ScheduleSlots.next(EVERY_MINUTE, BERLIN, T.plusSeconds(1))).isEqualTo(T.plusSeconds(60));
        assertThat(ScheduleSlots.due(EVERY_MINUTE, BERLIN, T, T.plusSeconds(185)))
                .containsExactly(T.plusSeconds(60), T.plusSeconds(120), T.plusSeconds(180));
    }

    @Test
    void cronSlotsFollowTheWorkflowsTimeZone() {
        WorkflowTrigger twoAm = new WorkflowTrigger(WorkflowTrigger.Kind.SCHEDULE, "0 0 2 * * *", null, MissedRunPolicy.SKIP, 10, null, Map.of());
        // 02:00 in Berlin (winter, UTC+1) is 01:00 UTC
        assertThat(ScheduleSlots.next(twoAm, BERLIN, T)).isEqualTo(Instant.parse("2026-12-05T01:00:00Z"));
        assertThat(ScheduleSlots.next(twoAm, ZoneId.of("UTC"), T)).isEqualTo(Instant.parse("2026-12-05T02:00:00Z"));
    }

    @Test
    void skipRunsOnlyAnOnTimeSlot() {
        List<Instant> due = List.of(T, T.plusSeconds(60), T.plusSeconds(120));
        assertThat(ScheduleSlots.toRun(MissedRunPolicy.SKIP, 10, due, T.plusSeconds(125), GRACE)).containsExactly(T.plusSeconds(120));
        assertThat(ScheduleSlots.toRun(MissedRunPolicy.SKIP, 10, due, T.plusSeconds(600), GRACE)).isEmpty();
    }

    @Test
    void runOnceRunsTheLatestMissedSlotOnce() {
        List<Instant> due = List.of(T, T.plusSeconds(60), T.plusSeconds(120));
        assertThat(ScheduleSlots.toRun(MissedRunPolicy.RUN_ONCE, 10, due, T.plusSeconds(600), GRACE)).containsExactly(T.plusSeconds(120));
    }

    @Test
    void runAllRunsEveryMissedSlotUpToTheCap() {
        List<Instant> due = List.of(T, T.plusSeconds(60), T.plusSeconds(120));
        assertThat(ScheduleSlots.toRun(MissedRunPolicy.RUN_ALL, 10, due, T.plusSeconds(600), GRACE)).isEqualTo(due);
        assertThat(ScheduleSlots.toRun(MissedRunPolicy.RUN_ALL, 2, due, T.plusSeconds(600), GRACE))
                .containsExactly(T.plusSeconds(60), T.plusSeconds(120));
    }

    @Test
    void nothingDueRunsNothing() {
        assertThat(ScheduleSlots.toRun(MissedRunPolicy.RUN_ALL, 10, List.of(), T, GRACE)).isEmpty();
    }

    @Test
    void aLongOutageLooksAtABoundedNumberOfSlots() {
        WorkflowTrigger everySecond = WorkflowTrigger.every(Duration.ofSeconds(1), MissedRunPolicy.RUN_ALL);
        List<Instant> due = ScheduleSlots.due(everySecond, BERLIN, T, T.plus(Duration.ofDays(2)));
        assertThat(due).hasSizeLessThanOrEqualTo(ScheduleSlots.MAX_DUE + 1);
        assertThat(due.get(due.size() - 1)).isEqualTo(T.plus(Duration.ofDays(2)));
    }

    @Test
    void eventFiltersMatchFieldsByEqualityOrPrefix() {
        Map<String, String> fields = Map.of("modality", "LIDAR", "storagePath", "tenants/acme/landing/a.bin");
        assertThat(WorkflowEventTriggers.matches(Map.of(), fields)).isTrue();
        assertThat(WorkflowEventTriggers.matches(Map.of("modality", "LIDAR", "storagePath", "tenants/acme/landing/*"), fields)).isTrue();
        assertThat(WorkflowEventTriggers.matches(Map.of("modality", "CAMERA"), fields)).isFalse();
        assertThat(WorkflowEventTriggers.matches(Map.of("sourceId", "x"), fields)).isFalse();
    }
}
