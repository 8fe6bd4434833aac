package io.fleetloop.api.diagnosis;

import java.time.Instant;

/** One error code's statistics in a gathered batch (the input of diagnosis). */
public record ErrorCodeStat(String code, String module, String level, long count, Instant firstAt, Instant lastAt,
                            String sampleMessage) {
}
