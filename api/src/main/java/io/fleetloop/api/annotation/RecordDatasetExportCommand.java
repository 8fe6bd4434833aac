package io.fleetloop.api.annotation;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Records an export written to the object store and registered as a dataset asset; the task numbers its versions. */
public record RecordDatasetExportCommand(@TargetAggregateIdentifier AnnotationTaskId taskId, String tenantId, AssetId datasetAssetId,
                                         ExportFormat format, String storagePath, String sha256, long sizeBytes,
                                         List<ExportedResult> results) implements TenantOwned {
    public RecordDatasetExportCommand {
        results = List.copyOf(results);
    }
}
