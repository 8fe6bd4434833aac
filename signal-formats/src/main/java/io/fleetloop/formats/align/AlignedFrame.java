package io.fleetloop.formats.align;

import java.util.Map;

/** The value of every channel that has one at {@code timestampNanos}. */
public record AlignedFrame(long timestampNanos, Map<String, Object> values) {
}
