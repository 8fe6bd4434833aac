package io.fleetloop.api.common;

import java.util.Map;

/** A rule of the domain refused a message. Thrown by handlers, mapped once to problem details. */
public class FleetloopException extends RuntimeException {

    private final transient ErrorDetails details;

    public FleetloopException(ErrorDetails details) {
        super(details.message());
        this.details = details;
    }

    public static FleetloopException notFound(String resourceType, String id) {
        return new FleetloopException(ErrorDetails.of(ErrorCode.NOT_FOUND, resourceType + " " + id + " was not found"));
    }

    public static FleetloopException conflict(String message) {
        return new FleetloopException(ErrorDetails.of(ErrorCode.STATE_CONFLICT, message));
    }

    public static FleetloopException forbidden(String message) {
        return new FleetloopException(ErrorDetails.of(ErrorCode.ACCESS_DENIED, message));
    }

    public static FleetloopException invalid(String field, String message) {
        return new FleetloopException(new ErrorDetails(ErrorCode.VALIDATION_FAILED, field + ": " + message, Map.of(field, message)));
    }

    /** A body (an uploaded file) over its size limit: 413 Payload Too Large over HTTP, naming the field. */
    public static FleetloopException tooLarge(String field, String message) {
        return new FleetloopException(new ErrorDetails(ErrorCode.PAYLOAD_TOO_LARGE, field + ": " + message, Map.of(field, message)));
    }

    public ErrorDetails details() {
        return details;
    }
}
