package io.fleetloop.edge.collect;

import java.io.Closeable;
import java.io.IOException;

/** A stream of signal samples in time order (a recording replayed, or a live bus); {@code null} at its end. */
public interface SignalSource extends Closeable {

    RingBuffer.Entry next() throws IOException;

    @Override
    default void close() throws IOException {
    }
}
