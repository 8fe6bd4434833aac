package io.fleetloop.infra;

import java.nio.file.Path;
import java.util.Optional;

/** A server could not be started (or the data folder cannot be used); names the server and its log file. */
public final class LocalInfraException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String server;
    private final transient Path logFile;

    public LocalInfraException(String server, Path logFile, String message, Throwable cause) {
        super(message, cause);
        this.server = server;
        this.logFile = logFile;
    }

    /** The server concerned: {@code postgres}, {@code elasticsearch}, {@code objectstore}, {@code kafka} or {@code local-infra}. */
    public String server() {
        return server;
    }

    /** Its log file, if it has one. */
    public Optional<Path> logFile() {
        return Optional.ofNullable(logFile);
    }
}
