package io.fleetloop.api.orchestration.workflow;

/**
 * What a schedule does with slots it missed (the platform was down or busy past a slot's grace): SKIP runs none of them,
 * RUN_ONCE runs one for the latest, RUN_ALL runs each of them up to the trigger's {@code catchUpCap} (the latest ones).
 */
public enum MissedRunPolicy { SKIP, RUN_ONCE, RUN_ALL }
