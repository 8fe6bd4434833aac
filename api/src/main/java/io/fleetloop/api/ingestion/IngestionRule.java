package io.fleetloop.api.ingestion;

import io.fleetloop.api.catalog.Modality;

/**
 * Which source objects a task takes ({@code includePattern}, a glob on the key below the source prefix),
 * where they land in the platform's bucket ({@code targetPath}) and what they hold.
 */
public record IngestionRule(String includePattern, String targetPath, Modality modality) {
}
