package io.fleetloop.api.ota;

/** Seed 001 §3.4: PENDING → DEPLOYING → COMPLETED / FAILED. */
public enum BatchStatus { PENDING, DEPLOYING, COMPLETED, FAILED }
