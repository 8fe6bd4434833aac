package io.fleetloop.formats.align;

import io.fleetloop.formats.SourceError;
import java.util.List;

public record SourceReport(String name, long samplesRead, long samplesUsed, List<SourceError> errors, boolean failed) {
}
