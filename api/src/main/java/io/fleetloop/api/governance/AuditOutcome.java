package io.fleetloop.api.governance;

/** ACCEPTED/REJECTED for commands, RECORDED for events. */
public enum AuditOutcome { ACCEPTED, REJECTED, RECORDED }
