package io.fleetloop.formats.align;

import java.util.function.Supplier;

/** A source to align: its name (the prefix of its output channels), the offset ADDED to its timestamps, its opener. */
public record AlignedSource(String name, long clockOffsetNanos, Supplier<SampleStream> opener) {
}
