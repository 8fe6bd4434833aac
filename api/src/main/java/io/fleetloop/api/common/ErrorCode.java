package io.fleetloop.api.common;

/** Error codes that cross the wire; each maps to one HTTP status in the platform's problem handler. */
public enum ErrorCode {
    VALIDATION_FAILED(Kind.BAD_INPUT),
    NOT_FOUND(Kind.NOT_FOUND),
    STATE_CONFLICT(Kind.CONFLICT),
    DUPLICATE(Kind.CONFLICT),
    SOURCE_UNREADABLE(Kind.BAD_INPUT),
    UNAUTHENTICATED(Kind.UNAUTHENTICATED),
    ACCESS_DENIED(Kind.FORBIDDEN),
    /** work refused at dispatch: a quota is used up or the balance is exhausted (fields: resource, limit, used) */
    QUOTA_EXCEEDED(Kind.CONFLICT),
    /** a request body (an uploaded file) over its configured size limit: bad input, answered 413 over HTTP */
    PAYLOAD_TOO_LARGE(Kind.BAD_INPUT);

    public enum Kind { BAD_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT }

    private final Kind kind;

    ErrorCode(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
