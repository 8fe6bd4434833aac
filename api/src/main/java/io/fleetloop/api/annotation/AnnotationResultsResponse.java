package io.fleetloop.api.annotation;

import java.util.List;

public record AnnotationResultsResponse(List<AnnotationResultView> items, int page, int size, long total) {
}
