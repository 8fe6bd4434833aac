package io.fleetloop.api.annotation;

import java.util.List;

/** A built export file in the platform's bucket: where it is, its digest and size, and the result revisions in it. */
public record DatasetExportFile(String storagePath, String sha256, long sizeBytes, List<ExportedResult> results) {
    public DatasetExportFile {
        results = List.copyOf(results);
    }
}
