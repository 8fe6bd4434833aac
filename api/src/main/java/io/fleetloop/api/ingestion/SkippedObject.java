package io.fleetloop.api.ingestion;

import java.time.Instant;

/** A source object an ingestion task skipped, as its view lists it. */
public record SkippedObject(String sourceKey, String reason, Instant skippedAt) {
}
