package io.fleetloop.workers.diagnosis;

import io.fleetloop.api.diagnosis.ErrorCodeStat;
import io.fleetloop.api.diagnosis.LogFileKind;

import java.util.List;

/**
 * One file's partial statistics, written by the parse job next to the batch's files and merged by gather: error codes
 * (per code and module), the error events (time, code, module; at most {@link LogParser#MAX_ERROR_EVENTS}) for the
 * timeline and bursts, and per signal count/min/max/sum/out-of-range with a sample of values for the p95.
 */
record FilePartial(String fileId, LogFileKind kind, long lines, long records, long unknownLines, long errorLines,
                   List<ErrorCodeStat> codes, List<ErrorEvent> errors, List<SignalPartial> signals) {

    record ErrorEvent(long atMillis, String code, String module) {
    }

    record SignalPartial(String signal, long count, double min, double max, double sum, Double lowLimit, Double highLimit,
                         long outOfRange, double[] sample) {
    }
}
