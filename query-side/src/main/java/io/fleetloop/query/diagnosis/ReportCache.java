package io.fleetloop.query.diagnosis;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fleetloop.projections.diagnosis.LogBatchChanges;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hot-report cache (seed 004 "singleflight"): reports are read through Caffeine's {@link AsyncLoadingCache}, so
 * concurrent requests for a report that is not cached share ONE database read (the first request's future; the others
 * wait on it). A batch's entry is dropped when the projection records a new event of that batch
 * ({@link LogBatchChanges}), and expires after {@code fleetloop.log-batches.report-cache-ttl}. Database reads are
 * counted: {@link #loads()} and the metric {@code fleetloop.logbatch.report.loads}.
 */
@Component
class ReportCache implements LogBatchChanges {

    static final String LOADS_METRIC = "fleetloop.logbatch.report.loads";

    private final AtomicLong loads = new AtomicLong();
    private final AsyncLoadingCache<String, Optional<LogBatchReads.ReportRow>> cache;

    ReportCache(LogBatchReads reads, ObjectProvider<MeterRegistry> registry,
                @Value("${fleetloop.log-batches.report-cache-ttl:PT10M}") Duration ttl,
                @Value("${fleetloop.log-batches.report-cache-size:1000}") long size) {
        ExecutorService loaders = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "report-cache-loader");
            thread.setDaemon(true);
            return thread;
        });
        this.cache = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).executor(loaders)
                .buildAsync(batchId -> {
                    loads.incrementAndGet();
                    return reads.report(batchId);
                });
        registry.ifAvailable(r -> FunctionCounter.builder(LOADS_METRIC, loads, AtomicLong::get)
                .description("database reads of log-batch reports (cache misses, one per singleflight)").register(r));
    }

    /** The report of a batch of this tenant, if gathered (another tenant's report is answered as absent). */
    Optional<LogBatchReads.ReportRow> get(String tenantId, String batchId) {
        try {
            return cache.get(batchId).join().filter(row -> row.tenantId().equals(tenantId));
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
    }

    long loads() {
        return loads.get();
    }

    @Override
    public void changed(String batchId) {
        cache.synchronous().invalidate(batchId);
    }
}
