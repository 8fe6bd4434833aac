package io.fleetloop.api.ota;

/** What a device action installs: the release's version, or (after a rollback) the previous version as a fresh signed release. */
public enum ActionKind {
    UPDATE,
    ROLLBACK
}
