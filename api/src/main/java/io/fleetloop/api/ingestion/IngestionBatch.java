package io.fleetloop.api.ingestion;

/**
 * A part of a task that completes on its own: {@code key} is unique within the task (the source key of the batch's
 * object: a Kafka offset range, or an upload id), {@code sequence} counts the task's batches from 1, {@code range}
 * is the Kafka offset range it holds (null for an upload).
 */
public record IngestionBatch(String key, int sequence, StreamRange range) {
}
