package io.fleetloop.api.behavior;

import java.time.Instant;
import java.util.List;

/** A problem sample as the query side shows it, with the annotation tasks it was exported to. */
public record ProblemSampleView(String sampleId, String sessionId, ProblemType problemType, RootCauseSegment rootCauseSegment,
                                Severity severity, String notes, List<String> assetIds, String deviceId, List<String> sceneTags,
                                List<String> annotationTaskIds, String identifiedBy, Instant identifiedAt) {
}
