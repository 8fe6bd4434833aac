package io.fleetloop.api.diagnosis;

/**
 * What parsing one file found, in short: bytes and lines read, recognised records, unknown lines (counted, not fatal),
 * error lines, and the object holding the file's partial statistics (read by gather).
 */
public record FileParseStats(long bytes, long lines, long records, long unknownLines, long errorLines, String partialPath) {
}
