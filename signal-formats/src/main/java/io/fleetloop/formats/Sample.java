package io.fleetloop.formats;

/**
 * One timestamped value of one channel, the common currency of every reader in this module, so that a time
 * alignment step can merge sources of different formats and rates. {@code value} is a {@link Double} for
 * continuous signals, a {@link String} for enum labels, or the format's own structured value (a Jackson
 * {@code JsonNode} for JSON channels).
 */
public record Sample(String channel, long timestampNanos, Object value) {
}
