package io.fleetloop.command.ota;

import io.fleetloop.api.common.FleetloopException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SequenceActionIdsTest {

    @Test
    void idsAreHandedOutFromWholeBlocksWithOneAskForABigBatch() {
        List<Integer> asked = new ArrayList<>();
        SequenceActionIds ids = new SequenceActionIds((SequenceActionIds.Blocks) count -> {
            asked.add(count);
            return IntStream.range(0, count).mapToObj(i -> 1L + 100L * (asked.size() * 10 + i)).toList();
        });
        assertThat(ids.next(3)).containsExactly(1001, 1002, 1003);
        assertThat(ids.next(250)).hasSize(250).doesNotHaveDuplicates().startsWith(1004).contains(1100, 2001, 2101, 2153);
        assertThat(asked).containsExactly(1, 2);
        assertThat(ids.next(1)).containsExactly(2154);
    }

    @Test
    void noIdGoesAboveTheIntLimit() {
        SequenceActionIds ids = new SequenceActionIds((SequenceActionIds.Blocks) count -> count == 1 ? List.of(Integer.MAX_VALUE - 1L) : List.of());
        assertThat(ids.next(2)).containsExactly(Integer.MAX_VALUE - 1, Integer.MAX_VALUE);
    }

    @Test
    void aUsedUpSequenceIsAConflictNotAWrappedId() {
        SequenceActionIds ids = new SequenceActionIds((SequenceActionIds.Blocks) count -> {
            throw new DataIntegrityViolationException("nextval: reached maximum value of sequence \"ddi_action_id\" (2147483647)");
        });
        assertThatThrownBy(() -> ids.next(1)).isInstanceOf(FleetloopException.class).hasMessageContaining("used up");
    }
}
