package io.fleetloop.formats.ndjson;

import io.fleetloop.formats.TimeUnitScale;

/**
 * How a line of an NDJSON log becomes a sample: the timestamp at JSON pointer {@code timePointer} (e.g.
 * {@code /timestamp_ns} or {@code /header/stamp}) in {@code timeUnit}; the channel is the text at
 * {@code channelPointer} (e.g. {@code /type}: "objects", "trajectory", "control") prefixed with
 * {@code channelPrefix}, or just the prefix when {@code channelPointer} is empty; the value is the node at
 * {@code valuePointer} (empty = the whole object).
 */
public record NdjsonMapping(String timePointer, TimeUnitScale timeUnit, String channelPrefix, String channelPointer,
                            String valuePointer) {
}
