package io.fleetloop.formats;

import java.io.IOException;

/** A source that cannot be read at all (wrong magic, unreadable structure), with where and why. */
public class SourceFormatException extends IOException {

    private final transient SourceError error;

    public SourceFormatException(SourceError error) {
        super(error.toString());
        this.error = error;
    }

    public SourceError error() {
        return error;
    }
}
