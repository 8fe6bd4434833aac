package io.fleetloop.api.annotation;

import io.fleetloop.api.catalog.AssetId;

/** Which revision of which result (for which raw asset) went into a dataset: the lineage of every label. */
public record ExportedResult(AnnotationResultId resultId, AssetId assetId, int revision) {
}
