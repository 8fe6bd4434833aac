package io.fleetloop.workers.metering;

import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.metering.MeterUsageCommand;
import io.fleetloop.api.metering.UsageSubject;
import io.fleetloop.command.metering.StoredBytes;
import io.fleetloop.workers.common.JobTasks;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Meters storage once per tenant per UTC day: the bytes the tenant keeps in the platform's store (the command side's
 * {@code metering_stored_content}) as GB-days, under the usage id {@code storage/<day>} — sampling the same day again
 * charges only growth beyond the day's earlier sample, never the day twice.
 */
@Component
public class StorageSampler {

    static final String RESOURCE = "storage-gb-days";
    private static final double BYTES_PER_GB = 1e9;

    private final StoredBytes storedBytes;
    private final JobTasks jobs;
    private final Clock clock;

    StorageSampler(StoredBytes storedBytes, JobTasks jobs, Clock clock) {
        this.storedBytes = storedBytes;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Samples now, for today (UTC); returns how many tenants were metered. */
    public int sample() {
        Instant now = clock.instant();
        LocalDate day = now.atOffset(ZoneOffset.UTC).toLocalDate();
        int tenants = 0;
        for (Map.Entry<String, Long> stored : storedBytes.perTenant().entrySet()) {
            if (stored.getValue() <= 0) continue;
            UsageSubject subject = UsageSubject.ofTask(stored.getKey(), LoopContext.CAT, "storage/" + day);
            jobs.meter(MeterUsageCommand.of(subject, "storage/" + day, "metering-storage-sample", RESOURCE,
                    stored.getValue() / BYTES_PER_GB, "GB-day", now));
            tenants++;
        }
        return tenants;
    }
}
