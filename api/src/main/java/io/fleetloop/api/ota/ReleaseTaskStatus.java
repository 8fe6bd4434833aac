package io.fleetloop.api.ota;

/** Seed 001 §3.4 plus PAUSED: DRAFT → RUNNING ⇄ PAUSED → COMPLETED / ROLLED_BACK. */
public enum ReleaseTaskStatus { DRAFT, RUNNING, PAUSED, COMPLETED, ROLLED_BACK }
