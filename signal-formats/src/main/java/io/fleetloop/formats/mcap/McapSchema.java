package io.fleetloop.formats.mcap;

/** An MCAP Schema record (op 0x03): how the messages of the channels that reference it are laid out. */
public record McapSchema(int id, String name, String encoding, byte[] data) {
}
