package io.fleetloop.api.diagnosis;

/** One audited step of a diagnosis (triage, retrieve, reason, verify): what went in and what came out, as JSON text. */
public record DiagnosisStep(String name, String input, String output, long durationMillis) {
}
