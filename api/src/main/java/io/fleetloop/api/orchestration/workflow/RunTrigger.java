package io.fleetloop.api.orchestration.workflow;

import java.time.Instant;

/**
 * What started a run: {@code kind} MANUAL (by {@code actor}), SCHEDULE (the planned {@code firedFor} instant) or EVENT
 * ({@code eventType} such as asset_new, asset_done, ingestion.completed, behavior.feedback-decision, and the id of the
 * event that fired it, which also makes an event-triggered run idempotent).
 */
public record RunTrigger(Kind kind, String actor, Instant firedFor, String eventType, String eventId) {
    public enum Kind { MANUAL, SCHEDULE, EVENT }

    public static RunTrigger manual(String actor) {
        return new RunTrigger(Kind.MANUAL, actor, null, null, null);
    }
}
