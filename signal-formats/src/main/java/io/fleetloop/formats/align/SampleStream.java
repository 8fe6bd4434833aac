package io.fleetloop.formats.align;

import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import java.io.Closeable;
import java.util.Iterator;
import java.util.List;

/**
 * One source's samples in (roughly) time order, named, with the problems found so far. A stream never throws out of
 * {@link #hasNext()}: a source that cannot be opened or breaks mid-way ends, and says why in {@link #errors()} and
 * {@link #failed()}.
 */
public interface SampleStream extends Iterator<Sample>, Closeable {

    String sourceName();

    /** Problems found so far (position + reason); complete once {@link #hasNext()} returned false. */
    List<SourceError> errors();

    /** True when the source could not be opened or stopped before its end (an error says where and why). */
    default boolean failed() {
        return false;
    }

    /**
     * A hint, given before the first {@link #hasNext()}: samples earlier than {@code timestampNanos} (the source's own
     * clock) are not needed. A stream that can seek (an indexed MCAP file, a time-ordered text file on disk) starts
     * there; others ignore it and the caller skips.
     */
    default void skipTo(long timestampNanos) {
    }

    @Override
    default void close() {
    }
}
