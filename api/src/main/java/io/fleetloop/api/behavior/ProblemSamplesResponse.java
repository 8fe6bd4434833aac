package io.fleetloop.api.behavior;

import java.util.List;

public record ProblemSamplesResponse(List<ProblemSampleView> items, int page, int size, long total) {
}
