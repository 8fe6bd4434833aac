package io.fleetloop.api.ingestion;

import io.fleetloop.api.catalog.AssetAttributes;
import io.fleetloop.api.catalog.AssetId;

import java.util.Map;

/**
 * Answer to {@link RecordObjectIngestedCommand}: the asset the content belongs to and its canonical path.
 * {@code duplicate} means the tenant already had this content, so the newly landed copy is redundant.
 * {@code attributes} are those recorded for the source object.
 */
public record IngestedObject(AssetId assetId, String storagePath, boolean duplicate, Map<String, String> attributes) {
    public IngestedObject {
        attributes = AssetAttributes.copyOf(attributes);
    }
}
