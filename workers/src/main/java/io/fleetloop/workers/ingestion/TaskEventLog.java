package io.fleetloop.workers.ingestion;

import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataIngestionFailedEvent;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.DataIngestionStoppedEvent;
import io.fleetloop.api.ingestion.IngestionTaskId;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.HashMap;
import java.util.Map;

/**
 * What a Kafka run reads of its task from the event store (the task's own events, not a read model): where the
 * recorded batches of each partition end, and whether the run should end because the task was stopped, failed,
 * completed or started again. Reads only the events appended since its last look.
 */
final class TaskEventLog {

    private final EventStore events;
    private final IngestionTaskId taskId;
    private final int attempt;
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private long seen = -1;
    private String ended;

    TaskEventLog(EventStore events, IngestionTaskId taskId, int attempt) {
        this.events = events;
        this.taskId = taskId;
        this.attempt = attempt;
    }

    /** Reads the events appended since the last call. */
    TaskEventLog refresh() {
        long last = events.lastSequenceNumberFor(taskId.value()).orElse(-1L);
        if (last <= seen) return this;
        DomainEventStream stream = events.readEvents(taskId.value(), seen + 1);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            seen = Math.max(seen, message.getSequenceNumber());
            Object payload = message.getPayload();
            if (payload instanceof DataIngestionCompletedEvent completed) {
                if (completed.batch() == null) ended = "completed";
                else if (completed.batch().range() != null) {
                    var range = completed.batch().range();
                    nextOffsets.merge(new TopicPartition(range.topic(), range.partition()), range.nextOffset(), Math::max);
                }
            } else if (payload instanceof DataIngestionStoppedEvent) {
                ended = "stopped";
            } else if (payload instanceof DataIngestionFailedEvent) {
                ended = "failed";
            } else if (payload instanceof DataIngestionStartedEvent started) {
                ended = started.attempt() > attempt ? "started again (attempt " + started.attempt() + ")" : null;
            }
        }
        return this;
    }

    /** Where the recorded batches of each partition end: the next offset to read. */
    Map<TopicPartition, Long> nextOffsets() {
        return Map.copyOf(nextOffsets);
    }

    /** Why this run should end (null while the task runs this attempt). */
    String ended() {
        return ended;
    }
}
