package io.fleetloop.api.common;

/** Zero-based page of a query; size is capped by the query side. */
public record PageRequest(int page, int size) {

    public static final int MAX_SIZE = 500;

    public PageRequest {
        if (page < 0) throw FleetloopException.invalid("page", "must be >= 0");
        if (size < 1 || size > MAX_SIZE) throw FleetloopException.invalid("size", "must be between 1 and " + MAX_SIZE);
    }

    public int offset() {
        return page * size;
    }
}
