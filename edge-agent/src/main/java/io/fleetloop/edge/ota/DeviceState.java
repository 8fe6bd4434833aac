package io.fleetloop.edge.ota;

/** Where a device is in the update loop, as the fleet and the CLI show it. */
public enum DeviceState {
    /** Polling; no action handled yet. */
    IDLE,
    DOWNLOADING,
    VERIFYING,
    INSTALLING,
    /** The last action was installed and reported {@code success}. */
    INSTALLED,
    /** The last action failed (health check, install error) and was reported {@code failure}. */
    FAILED,
    /** The last action was refused (unsigned, bad signature, tampered, downgrade, wrong device) and reported. */
    REFUSED,
    /** The last action was cancelled by the server and the cancel confirmed. */
    CANCELED,
    /** The last poll or download failed (network, 401, 404); the device keeps polling. */
    ERROR
}
