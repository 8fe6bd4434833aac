package io.fleetloop.formats;

/**
 * A problem found in one source, where it is and why. {@code position} is a byte offset for binary formats and a
 * 1-based line number for text formats, or an item's ordinal ({@code unit} says which), so a user can find the spot in the file.
 */
public record SourceError(long position, Unit unit, String reason) {

    /** BYTE_OFFSET in a binary file, LINE (1-based) in a text file, RECORD: 1-based ordinal of a decoded item. */
    public enum Unit { BYTE_OFFSET, LINE, RECORD }

    public static SourceError atByte(long offset, String reason) {
        return new SourceError(offset, Unit.BYTE_OFFSET, reason);
    }

    public static SourceError atLine(long line, String reason) {
        return new SourceError(line, Unit.LINE, reason);
    }

    public static SourceError atRecord(long ordinal, String reason) {
        return new SourceError(ordinal, Unit.RECORD, reason);
    }

    @Override
    public String toString() {
        return switch (unit) {
            case BYTE_OFFSET -> "byte ";
            case LINE -> "line ";
            case RECORD -> "record ";
        } + position + ": " + reason;
    }
}
