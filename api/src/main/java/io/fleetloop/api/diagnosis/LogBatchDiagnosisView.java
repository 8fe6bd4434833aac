package io.fleetloop.api.diagnosis;

/** A batch's lifecycle status (seed spelling, lower case), why it failed ({@code reason}), and its diagnosis once made. */
public record LogBatchDiagnosisView(String batchId, String status, String reason, Diagnosis diagnosis) {
}
