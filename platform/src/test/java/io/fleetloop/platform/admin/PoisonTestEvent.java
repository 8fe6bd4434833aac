package io.fleetloop.platform.admin;

/** A test-only event of a test-only aggregate type, handled only by {@link PoisonTestProjection}. */
public record PoisonTestEvent(String aggregateId, int step) {
}
