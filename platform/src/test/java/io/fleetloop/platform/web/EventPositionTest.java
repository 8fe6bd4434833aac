package io.fleetloop.platform.web;

import io.fleetloop.api.common.FleetloopException;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventPositionTest {

    private final EventPosition position = EventPosition.parse("X-Fleetloop-Consistency", "10..12");

    @Test
    void readsWhatItWrites() {
        assertThat(position).isEqualTo(new EventPosition(10, 12));
        assertThat(position.toString()).isEqualTo("10..12");
        assertThat(EventPosition.parse("h", "-1..0")).isEqualTo(new EventPosition(-1, 0));
    }

    @Test
    void refusesWhatIsNoPosition() {
        for (String text : new String[]{"", "12", "soon", "12..10", "1..2..3", "-5..3", "1..99999999999999999999"}) {
            assertThatThrownBy(() -> EventPosition.parse("X-Fleetloop-Consistency", text)).as(text).isInstanceOf(FleetloopException.class);
        }
    }

    @Test
    void isReachedOnceATokenPassedItsEnd() {
        assertThat(position.reachedBy(null)).isFalse();
        assertThat(position.reachedBy(GapAwareTrackingToken.newInstance(11, Set.of()))).isFalse();
        assertThat(position.reachedBy(GapAwareTrackingToken.newInstance(12, Set.of()))).isTrue();
        assertThat(position.reachedBy(new GlobalSequenceTrackingToken(12))).isTrue();
        assertThat(position.reachedBy(new GlobalSequenceTrackingToken(11))).isFalse();
    }

    @Test
    void aGapInsideTheRangeMayBeTheCommandsOwnEventButOneBeforeItIsNot() {
        assertThat(position.reachedBy(GapAwareTrackingToken.newInstance(14, Set.of(11L)))).isFalse();
        assertThat(position.reachedBy(GapAwareTrackingToken.newInstance(14, Set.of(12L)))).isFalse();
        assertThat(position.reachedBy(GapAwareTrackingToken.newInstance(14, Set.of(7L, 10L, 13L)))).isTrue();
    }

    @Test
    void aReplayingProcessorCountsWhereItIsNotWhereItWas() {
        var replaying = ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(20, Set.of()), GapAwareTrackingToken.newInstance(5, Set.of()));
        assertThat(position.reachedBy(replaying)).isFalse();
    }
}
