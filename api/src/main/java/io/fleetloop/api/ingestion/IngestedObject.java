package io.fleetloop.api.ingestion;

import io.fleetloop.api.catalog.AssetId;

/**
 * Answer to {@link RecordObjectIngestedCommand}: the asset the content belongs to and its canonical path.
 * {@code duplicate} means the tenant already had this content, so the newly landed copy is redundant.
 */
public record IngestedObject(AssetId assetId, String storagePath, boolean duplicate) {
}
