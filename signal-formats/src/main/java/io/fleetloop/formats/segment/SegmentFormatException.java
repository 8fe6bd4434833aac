package io.fleetloop.formats.segment;

import io.fleetloop.formats.SourceError;
import io.fleetloop.formats.SourceFormatException;

/** A segment that cannot be decoded (wrong magic, truncated, corrupt, wrong dictionary), with the byte offset. */
public final class SegmentFormatException extends SourceFormatException {

    public SegmentFormatException(long offset, String reason) {
        super(SourceError.atByte(offset, reason));
    }
}
