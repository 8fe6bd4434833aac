package io.fleetloop.formats.align;

import java.util.function.Supplier;

/**
 * A source to align: its name (the prefix of its channels, {@code <name>/<channel>}), the clock offset ADDED to its
 * timestamps, and how to open its samples. {@code opener} may be called more than once (offset estimation, then
 * alignment; every window), each call giving a fresh stream from the start.
 */
public record AlignedSource(String name, long clockOffsetNanos, Supplier<SampleStream> opener) {

    public AlignedSource {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a source needs a name");
        }
        if (opener == null) {
            throw new IllegalArgumentException("source " + name + " has no opener");
        }
    }
}
