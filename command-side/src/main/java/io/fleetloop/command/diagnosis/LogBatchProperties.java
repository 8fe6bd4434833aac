package io.fleetloop.command.diagnosis;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Limits of log batches: the largest file one upload may stream ({@code max-file-bytes}), the largest number of files
 * per batch, how long scatter may take before the files not yet parsed fail, and how long diagnosis may take before
 * the batch completes without one.
 */
@ConfigurationProperties("fleetloop.log-batches")
public record LogBatchProperties(Long maxFileBytes, Integer maxFiles, Duration scatterTimeout, Duration diagnosisTimeout) {

    public LogBatchProperties {
        maxFileBytes = maxFileBytes == null ? 10L << 30 : maxFileBytes;
        maxFiles = maxFiles == null ? 10_000 : maxFiles;
        scatterTimeout = scatterTimeout == null ? Duration.ofMinutes(30) : scatterTimeout;
        diagnosisTimeout = diagnosisTimeout == null ? Duration.ofMinutes(10) : diagnosisTimeout;
    }

    public static LogBatchProperties defaults() {
        return new LogBatchProperties(null, null, null, null);
    }
}
