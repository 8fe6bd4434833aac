package io.fleetloop.formats;

/**
 * A problem found in one source, where it is and why. {@code position} is a byte offset for binary formats and a
 * 1-based line number for text formats ({@code unit} says which), so a user can find the spot in the file.
 */
public record SourceError(long position, Unit unit, String reason) {

    public enum Unit { BYTE_OFFSET, LINE }

    public static SourceError atByte(long offset, String reason) {
        return new SourceError(offset, Unit.BYTE_OFFSET, reason);
    }

    public static SourceError atLine(long line, String reason) {
        return new SourceError(line, Unit.LINE, reason);
    }

    @Override
    public String toString() {
        return (unit == Unit.LINE ? "line " : "byte ") + position + ": " + reason;
    }
}
