package io.fleetloop.command.ota;

import io.fleetloop.api.common.FleetloopException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Action ids from the PostgreSQL sequence {@code ddi_action_id}, which steps by {@link #BLOCK}: each value it returns
 * starts a block of ids this replica hands out from memory, so a batch of a hundred thousand devices costs one query
 * and replicas never collide. Sequences are not transactional, so a rolled-back command leaves a gap, never a repeat.
 */
@Component
class SequenceActionIds implements ActionIds {

    /** The sequence's increment (V2026120410__ddi_actions.sql). */
    static final int BLOCK = 100;

    private final JdbcClient jdbc;
    /** Unused ranges [from, to), oldest first. */
    private final Deque<long[]> ranges = new ArrayDeque<>();

    SequenceActionIds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public synchronized List<Integer> next(int count) {
        List<Integer> ids = new ArrayList<>(count);
        while (ids.size() < count) {
            if (ranges.isEmpty()) refill(count - ids.size());
            long[] range = ranges.peekFirst();
            ids.add((int) range[0]++);
            if (range[0] >= range[1]) ranges.removeFirst();
        }
        return ids;
    }

    private void refill(int wanted) {
        int blocks = (wanted + BLOCK - 1) / BLOCK;
        List<Long> starts;
        try {
            starts = jdbc.sql("select nextval('ddi_action_id') from generate_series(1, ?)").param(blocks).query(Long.class).list();
        } catch (DataAccessException e) {
            throw FleetloopException.conflict("the DDI action ids (1 to 2147483647) are used up: " + e.getMostSpecificCause().getMessage());
        }
        for (long start : starts) ranges.addLast(new long[]{start, Math.min(start + BLOCK, Integer.MAX_VALUE + 1L)});
    }
}
