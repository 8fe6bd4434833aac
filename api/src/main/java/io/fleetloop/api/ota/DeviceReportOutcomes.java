package io.fleetloop.api.ota;

import io.fleetloop.api.common.ErrorDetails;

import java.util.List;

/** The answer to {@link RecordDeviceReportsCommand}: per report in order, {@code null} when it was taken, else why not. */
public record DeviceReportOutcomes(List<ErrorDetails> refusals) {
}
