package io.fleetloop.api.diagnosis;

import java.time.Instant;
import java.util.List;

/**
 * A gathered batch's statistics (docs/log-batches.md): totals, error codes by count (with module, level, first and last
 * time), per-module counts, the error timeline in buckets of {@code bucketSeconds}, error bursts (sliding window),
 * signal summaries and each file's outcome.
 */
public record BatchReport(int totalFiles, int parsedFiles, int failedFiles, long totalLines, long unknownLines, long totalErrors,
                          List<ErrorCodeStat> errorCodes, List<ModuleCount> modules, long bucketSeconds, List<TimeBucket> timeline,
                          List<ErrorBurst> bursts, List<SignalSummary> signals, List<FileSummary> files) {

    public BatchReport {
        errorCodes = List.copyOf(errorCodes);
        modules = List.copyOf(modules);
        timeline = List.copyOf(timeline);
        bursts = List.copyOf(bursts);
        signals = List.copyOf(signals);
        files = List.copyOf(files);
    }

    public record ModuleCount(String module, long errors) {
    }

    public record TimeBucket(Instant start, long errors) {
    }

    /** At least {@code count} errors within {@code windowSeconds} from {@code start} to {@code end}; the most frequent code. */
    public record ErrorBurst(Instant start, Instant end, long count, long windowSeconds, String topCode) {
    }

    public record SignalSummary(String signal, long samples, double min, double max, double mean, double p95,
                                Double lowLimit, Double highLimit, long outOfRange) {
    }

    public record FileSummary(String fileId, String fileName, LogFileKind kind, String status, long lines, long unknownLines,
                              long errorLines, String reason) {
    }
}
