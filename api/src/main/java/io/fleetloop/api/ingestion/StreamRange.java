package io.fleetloop.api.ingestion;

/** Records {@code fromOffset}..{@code toOffset} (inclusive) of one partition, {@code recordCount} of them (offsets may have gaps). */
public record StreamRange(String topic, int partition, long fromOffset, long toOffset, int recordCount) {

    /** Where the next batch of the partition starts. */
    public long nextOffset() {
        return toOffset + 1;
    }

    public String partitionKey() {
        return topic + "/" + partition;
    }

    /** The source key of the batch: deterministic, so a re-run writes the same object and records it once. */
    public String batchKey() {
        return "kafka:" + topic + "/" + partition + "/" + fromOffset + "-" + toOffset;
    }
}
