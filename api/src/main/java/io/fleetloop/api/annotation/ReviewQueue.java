package io.fleetloop.api.annotation;

/**
 * QC queues: INITIAL (pre-labels awaiting first review), RECHECK (corrections awaiting review after a rejection),
 * CORRECTION (rejected, awaiting a labeller), SPOT_CHECK (approved results drawn for a second look), DONE.
 */
public enum ReviewQueue { INITIAL, RECHECK, CORRECTION, SPOT_CHECK, DONE }
