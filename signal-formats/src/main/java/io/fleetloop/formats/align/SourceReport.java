package io.fleetloop.formats.align;

import io.fleetloop.formats.SourceError;
import java.util.List;

/**
 * What one source contributed to an aligned view: samples read from it, samples that gave at least one output value,
 * its problems (position + reason) and whether it failed (could not be opened, or stopped early).
 */
public record SourceReport(String name, long samplesRead, long samplesUsed, List<SourceError> errors, boolean failed) {

    public SourceReport {
        errors = List.copyOf(errors);
    }
}
