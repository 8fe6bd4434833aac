package io.fleetloop.api.ota;

/** Seed 001: software (SOTA), firmware (FOTA) or data/model (DOTA) over the air. */
public enum ReleaseType { SOTA, FOTA, DOTA }
