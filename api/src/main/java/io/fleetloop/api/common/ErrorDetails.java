package io.fleetloop.api.common;

import java.util.Map;

/** What a rejected command or query tells its caller: a code, a sentence and the offending fields. */
public record ErrorDetails(ErrorCode code, String message, Map<String, String> fields) {

    public ErrorDetails {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    public static ErrorDetails of(ErrorCode code, String message) {
        return new ErrorDetails(code, message, Map.of());
    }
}
