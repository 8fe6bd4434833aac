package io.fleetloop.formats.mcap;

/** A decoded MCAP Message record (op 0x05) with its channel resolved; times are nanoseconds. */
public record McapMessage(McapChannel channel, long sequence, long logTime, long publishTime, byte[] data) {
}
