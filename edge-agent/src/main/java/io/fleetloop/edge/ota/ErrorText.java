package io.fleetloop.edge.ota;

import java.nio.file.NoSuchFileException;

/**
 * A one-line description of an error, also when the JDK gives none (a refused connection has a null message) or
 * only a path (a missing file).
 */
public final class ErrorText {

    private ErrorText() {
    }

    public static String of(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable e = error; e != null && text.length() < 500; e = e.getCause()) {
            String part = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e instanceof NoSuchFileException ? "no such file: " + e.getMessage() : e.getMessage();
            if (text.indexOf(part) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(part);
            }
        }
        return text.toString();
    }
}
