package io.fleetloop.api.diagnosis;

/** The two log formats a batch file may have (docs/log-batches.md): a text event log, or a CSV of signal samples. */
public enum LogFileKind {
    TEXT_LOG, SIGNAL_CSV
}
