package io.fleetloop.workers.common;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The jobs' own bookkeeping (tables {@code worker_job} and {@code worker_job_usage}, owned by workers): progress,
 * cancel requests and usage per job. Orchestration reads usage and cancels through here; the queue itself is
 * db-scheduler's table.
 */
@Component
public class JobControl {

    public record Progress(String jobId, long done, long total, boolean cancelRequested) {
    }

    public record Usage(String jobId, String resource, double quantity, String unit) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    JobControl(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Asks a queued or running job to stop; the job sees it at its next {@link JobContext#cancelled()} check. */
    public void cancel(String jobId) {
        jdbc.sql("""
                insert into worker_job (job_id, done, total, cancel_requested, updated_at) values (?, 0, -1, true, ?)
                on conflict (job_id) do update set cancel_requested = true, updated_at = excluded.updated_at""")
                .params(jobId, Timestamp.from(clock.instant())).update();
    }

    public Optional<Progress> progress(String jobId) {
        return jdbc.sql("select job_id, done, total, cancel_requested from worker_job where job_id = ?").param(jobId)
                .query((rs, i) -> new Progress(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4))).optional();
    }

    public List<Usage> usage(String jobId) {
        return jdbc.sql("select job_id, resource, sum(quantity), unit from worker_job_usage where job_id = ? group by job_id, resource, unit order by resource")
                .param(jobId).query((rs, i) -> new Usage(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getString(4))).list();
    }

    void recordProgress(String jobId, long done, long total) {
        jdbc.sql("""
                insert into worker_job (job_id, done, total, cancel_requested, updated_at) values (?, ?, ?, false, ?)
                on conflict (job_id) do update set done = excluded.done, total = excluded.total, updated_at = excluded.updated_at""")
                .params(jobId, done, total, Timestamp.from(clock.instant())).update();
    }

    boolean cancelRequested(String jobId) {
        return jdbc.sql("select cancel_requested from worker_job where job_id = ?").param(jobId).query(Boolean.class).optional().orElse(false);
    }

    void recordUsage(String jobId, int attempt, String resource, double quantity, String unit) {
        jdbc.sql("insert into worker_job_usage (job_id, attempt, resource, quantity, unit, recorded_at) values (?, ?, ?, ?, ?, ?)")
                .params(jobId, attempt, resource, quantity, unit, Timestamp.from(clock.instant())).update();
    }
}
