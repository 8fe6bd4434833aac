package io.fleetloop.api.ingestion;

import java.util.List;

/**
 * How a Kafka source is read. Exactly one of {@code topics} and {@code topicPattern} (a Java regex over topic
 * names). {@code consumerGroup} is where the connector commits offsets after each recorded batch (for monitoring
 * with the usual Kafka tools); where a run resumes is the position recorded on the task, not the group's offsets.
 * {@code securityProtocol} is PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL; with SASL the data source's
 * credentials are the user name (access key) and password (secret key) for SASL/PLAIN. A batch is written when it
 * holds {@code maxBatchRecords} records or {@code maxBatchBytes} bytes, or its first record waited
 * {@code maxBatchWaitMillis}. {@code startOffsets} applies to partitions the task has not read yet.
 */
public record KafkaSettings(String bootstrapServers, List<String> topics, String topicPattern, String consumerGroup,
                            String securityProtocol, Integer maxBatchRecords, Long maxBatchBytes,
                            Long maxBatchWaitMillis, StartOffsets startOffsets, Mode mode) {

    public enum StartOffsets { EARLIEST, LATEST }

    /** BOUNDED: read up to the end offsets seen when the run starts, then complete. CONTINUOUS: until stopped. */
    public enum Mode { BOUNDED, CONTINUOUS }

    public static final int DEFAULT_MAX_BATCH_RECORDS = 10_000;
    public static final long DEFAULT_MAX_BATCH_BYTES = 16L * 1024 * 1024;
    public static final long DEFAULT_MAX_BATCH_WAIT_MILLIS = 5_000;

    public KafkaSettings {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    /** The same settings with every default filled in. */
    public KafkaSettings normalized() {
        return new KafkaSettings(bootstrapServers.strip(), topics, topicPattern, consumerGroup,
                securityProtocol == null || securityProtocol.isBlank() ? "PLAINTEXT" : securityProtocol,
                maxBatchRecords == null ? DEFAULT_MAX_BATCH_RECORDS : maxBatchRecords,
                maxBatchBytes == null ? DEFAULT_MAX_BATCH_BYTES : maxBatchBytes,
                maxBatchWaitMillis == null ? DEFAULT_MAX_BATCH_WAIT_MILLIS : maxBatchWaitMillis,
                startOffsets == null ? StartOffsets.EARLIEST : startOffsets, mode == null ? Mode.BOUNDED : mode);
    }
}
