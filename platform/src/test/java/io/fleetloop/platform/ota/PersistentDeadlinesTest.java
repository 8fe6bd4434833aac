package io.fleetloop.platform.ota;

import io.fleetloop.platform.support.RunningPlatform;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The gray rollout's intervals and batch timeouts are deadlines kept in PostgreSQL (db-scheduler), so they survive restarts. */
class PersistentDeadlinesTest {

    @Test
    void deadlinesAreKeptByDbScheduler() {
        assertThat(RunningPlatform.shared().bean(DeadlineManager.class)).isInstanceOf(DbSchedulerDeadlineManager.class);
    }
}
