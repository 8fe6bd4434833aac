package io.fleetloop.formats.candump;

/**
 * One CAN or CAN FD frame. {@code id} is the 11- or 29-bit identifier without flags; {@code fdFlags} is the CAN FD
 * flags nibble of the log ({@code 1} = bit rate switch, {@code 2} = error state indicator); a remote frame has no
 * data and {@code remoteLength} requested bytes.
 */
public record CanFrame(long timestampNanos, String iface, int id, boolean extended, boolean remote, int remoteLength,
                       boolean fd, int fdFlags, byte[] data) {
}
