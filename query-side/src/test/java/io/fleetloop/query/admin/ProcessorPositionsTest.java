package io.fleetloop.query.admin;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ProcessorPositionsTest {

    private final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    private final EventStore events = mock(EventStore.class);
    private final ProcessorPositions positions = new ProcessorPositions(processing, events);
    private final Map<String, EventProcessor> processors = new HashMap<>();

    private void headAt(long position) {
        when(events.createHeadToken()).thenReturn(new GlobalSequenceTrackingToken(position));
    }

    private static EventTrackerStatus segment(Segment segment, Long position, boolean replaying, boolean error) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getSegment()).thenReturn(segment);
        when(status.getCurrentPosition()).thenReturn(position == null ? OptionalLong.empty() : OptionalLong.of(position));
        when(status.isReplaying()).thenReturn(replaying);
        when(status.isErrorState()).thenReturn(error);
        return status;
    }

    private void processor(String name, boolean running, EventTrackerStatus... segments) {
        StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
        Map<Integer, EventTrackerStatus> status = new HashMap<>();
        for (EventTrackerStatus segment : segments) status.put(segment.getSegment().getSegmentId(), segment);
        when(processor.processingStatus()).thenReturn(status);
        when(processor.isRunning()).thenReturn(running);
        processors.put(name, processor);
        when(processing.eventProcessors()).thenReturn(processors);
        when(processing.eventProcessor(name, StreamingEventProcessor.class)).thenReturn(Optional.of(processor));
    }

    @Test
    void aReplayedProcessorAtTheHeadIsCaughtUpThoughItStillReportsReplaying() {
        headAt(41);
        processor("lineage", true, segment(Segment.ROOT_SEGMENT, 41L, true, false));

        ProcessorPositions.Position position = positions.of("lineage");

        assertThat(position.replaying()).isTrue();
        assertThat(position.caughtUp()).isTrue();
        assertThat(position.lag()).isZero();
    }

    @Test
    void aProcessorBehindTheHeadIsNotCaughtUpAndShowsItsLag() {
        headAt(41);
        processor("lineage", true, segment(Segment.ROOT_SEGMENT, 30L, false, false));

        assertThat(positions.of("lineage").caughtUp()).isFalse();
        assertThat(positions.of("lineage").lag()).isEqualTo(11);
    }

    @Test
    void theSlowestSegmentDecides() {
        headAt(41);
        Segment[] halves = Segment.ROOT_SEGMENT.split();
        processor("audit-trail", true, segment(halves[0], 41L, false, false), segment(halves[1], 39L, false, false));

        assertThat(positions.of("audit-trail").position()).hasValue(39);
        assertThat(positions.of("audit-trail").caughtUp()).isFalse();
    }

    @Test
    void aProcessorWithASegmentNobodyClaimedIsNotCaughtUp() {
        headAt(41);
        processor("audit-trail", true, segment(Segment.ROOT_SEGMENT.split()[0], 41L, false, false));

        assertThat(positions.of("audit-trail").caughtUp()).isFalse();
    }

    @Test
    void aStoppedOrFailingProcessorIsNotCaughtUp() {
        headAt(41);
        processor("stopped", false, segment(Segment.ROOT_SEGMENT, 41L, false, false));
        processor("failing", true, segment(Segment.ROOT_SEGMENT, 41L, false, true));

        assertThat(positions.caughtUp(List.of("stopped"))).isFalse();
        assertThat(positions.caughtUp(List.of("failing"))).isFalse();
    }

    @Test
    void anEmptyStoreLeavesEveryRunningProcessorCaughtUp() {
        when(events.createHeadToken()).thenReturn(null);
        processor("data-flows", true, segment(Segment.ROOT_SEGMENT, null, false, false));

        assertThat(positions.of("data-flows").caughtUp()).isTrue();
    }

    @Test
    void onlyStreamingProcessorsAreListedAndAnUnknownNameIsNotCaughtUp() {
        headAt(1);
        processor("lineage", true, segment(Segment.ROOT_SEGMENT, 1L, false, false));
        processors.put("device-registry", mock(SubscribingEventProcessor.class));
        when(processing.eventProcessor("nope", StreamingEventProcessor.class)).thenReturn(Optional.empty());

        assertThat(positions.all()).containsOnlyKeys("lineage");
        assertThat(positions.caughtUp(List.of("lineage", "nope"))).isFalse();
    }
}
