package io.fleetloop.formats.align;

import java.util.Map;

/** One tick of the aligned timeline: channel ({@code <source>/<channel>}) → value; a channel without a value is absent. */
public record AlignedFrame(long timestampNanos, Map<String, Object> values) {
}
