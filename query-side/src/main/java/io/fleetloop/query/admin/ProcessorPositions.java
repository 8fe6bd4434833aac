package io.fleetloop.query.admin;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Where each streaming event processor stands against the head of the event store, and whether it has caught up.
 * Caught up means: the processor runs, every one of its segments is claimed on this node and not in error, and every segment's
 * token is at (or past) the store's head position. {@code isReplaying()} is not used: it stays true for a replayed
 * processor that has reached the head until a newer event arrives.
 */
@Component
public class ProcessorPositions {

    /**
     * One processor's standing. {@code position}: the lowest position among its segments (empty while a segment has
     * no token or none is claimed); {@code head}: the store's head when read (empty for an empty store).
     */
    public record Position(String processor, OptionalLong position, OptionalLong head, boolean replaying, boolean caughtUp) {

        /** Events between the processor's slowest segment and the head (0 when caught up or the store is empty). */
        public long lag() {
            if (head.isEmpty()) return 0;
            return Math.max(0, head.getAsLong() - position.orElse(-1));
        }
    }

    private final EventProcessingConfiguration processing;
    private final EventStore events;

    public ProcessorPositions(EventProcessingConfiguration processing, EventStore events) {
        this.processing = processing;
        this.events = events;
    }

    /** Every streaming processor of this node, by name. */
    public Map<String, Position> all() {
        OptionalLong head = head();
        Map<String, Position> positions = new TreeMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) positions.put(name, position(name, streaming, head));
        });
        return positions;
    }

    /** @throws IllegalArgumentException when there is no streaming processor of that name */
    public Position of(String processor) {
        StreamingEventProcessor streaming = processing.eventProcessor(processor, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalArgumentException("no streaming event processor " + processor));
        return position(processor, streaming, head());
    }

    public boolean caughtUp(Collection<String> processors) {
        OptionalLong head = head();
        return processors.stream().allMatch(name -> processing.eventProcessor(name, StreamingEventProcessor.class)
                .map(streaming -> position(name, streaming, head).caughtUp()).orElse(false));
    }

    /** The position of the newest event in the store; empty while the store holds none. */
    public OptionalLong head() {
        TrackingToken token = events.createHeadToken();
        return token == null ? OptionalLong.empty() : token.position();
    }

    private static Position position(String name, StreamingEventProcessor processor, OptionalLong head) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        boolean replaying = status.values().stream().anyMatch(EventTrackerStatus::isReplaying);
        OptionalLong lowest = OptionalLong.empty();
        boolean everySegmentAtHead = !status.isEmpty();
        boolean unknown = status.isEmpty();
        double claimed = 0;
        for (EventTrackerStatus segment : status.values()) {
            claimed += 1.0 / (segment.getSegment().getMask() + 1);
            OptionalLong current = segment.getCurrentPosition();
            if (segment.isErrorState()) everySegmentAtHead = false;
            if (current.isEmpty()) {
                everySegmentAtHead &= head.isEmpty();
                unknown = true;
                continue;
            }
            if (lowest.isEmpty() || current.getAsLong() < lowest.getAsLong()) lowest = current;
            if (head.isPresent() && current.getAsLong() < head.getAsLong()) everySegmentAtHead = false;
        }
        // every segment claimed on this node: their fractions of the token space add up to one
        boolean allClaimed = Math.abs(claimed - 1.0) < 1e-9;
        return new Position(name, unknown ? OptionalLong.empty() : lowest, head, replaying, processor.isRunning() && allClaimed && everySegmentAtHead);
    }
}
