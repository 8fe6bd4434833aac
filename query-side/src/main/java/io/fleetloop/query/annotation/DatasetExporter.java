package io.fleetloop.query.annotation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.annotation.AnnotationResultId;
import io.fleetloop.api.annotation.AnnotationResultView;
import io.fleetloop.api.annotation.AnnotationResultsResponse;
import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.AnnotationTaskView;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.BuildDatasetExportQuery;
import io.fleetloop.api.annotation.DatasetExportFile;
import io.fleetloop.api.annotation.ExportFormat;
import io.fleetloop.api.annotation.ExportedResult;
import io.fleetloop.api.annotation.FindAnnotationTaskQuery;
import io.fleetloop.api.annotation.ListAnnotationResultsQuery;
import io.fleetloop.api.annotation.ResultStatus;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.AssetView;
import io.fleetloop.api.catalog.FindAssetQuery;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.query.common.Queries;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Builds an annotation task's export (its approved results, COCO JSON for 2D boxes or a KITTI zip for 3D boxes) from
 * the read models and stores the file in the platform's bucket under a key named by its content, so building the same
 * content again stores the same object. Used by {@code GET /v1/annotation-tasks/{id}/export} and, through
 * {@link BuildDatasetExportQuery}, by a workflow's export-dataset node; both then register and record the dataset.
 */
@Component
class DatasetExporter {

    /** The stored export file and the result revisions in it. */
    record Built(String storagePath, String sha256, long sizeBytes, List<ExportedResult> results) {
    }

    private final Queries queries;
    private final DatasetStore store;
    private final ObjectMapper json;

    DatasetExporter(Queries queries, DatasetStore store, ObjectMapper json) {
        this.queries = queries;
        this.store = store;
        this.json = json;
    }

    @QueryHandler
    DatasetExportFile handle(BuildDatasetExportQuery query) throws Exception {
        Built built = build(query.tenantId(), query.taskId().value(), query.format(), () -> {
        });
        return new DatasetExportFile(built.storagePath(), built.sha256(), built.sizeBytes(), built.results());
    }

    /**
     * Checks the task and its approved results, runs {@code admit} (the caller's admission, which may refuse), then
     * writes and stores the file.
     */
    Built build(String tenantId, String taskId, ExportFormat exportFormat, Runnable admit) throws Exception {
        AnnotationTaskView task = queries.require(new FindAnnotationTaskQuery(tenantId, new AnnotationTaskId(taskId)),
                AnnotationTaskView.class, "annotation task", taskId);
        AnnotationType needed = exportFormat == ExportFormat.COCO ? AnnotationType.BOX_2D : AnnotationType.BOX_3D;
        if (task.annotationType() != needed) {
            throw FleetloopException.invalid("format", exportFormat + " exports " + needed + " tasks; this task is " + task.annotationType());
        }
        List<DatasetFormats.Item> items = approvedItems(tenantId, taskId, exportFormat);
        if (items.isEmpty()) throw FleetloopException.conflict("annotation task " + taskId + " has no approved result to export");
        admit.run();

        String extension = exportFormat == ExportFormat.COCO ? "json" : "zip";
        Path file = Files.createTempFile("fleetloop-export-", "." + extension);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), sha)) {
                if (exportFormat == ExportFormat.COCO) DatasetFormats.writeCoco(items, taskId, json, out);
                else DatasetFormats.writeKitti(items, taskId, json, out);
            }
            String sha256 = HexFormat.of().formatHex(sha.digest());
            long size = Files.size(file);
            String storagePath = store.put(tenantId, "datasets/annotation-" + taskId + "/"
                    + exportFormat.name().toLowerCase(Locale.ROOT) + "-" + sha256.substring(0, 16) + "." + extension, file);
            List<ExportedResult> lineage = items.stream().map(i -> new ExportedResult(new AnnotationResultId(i.result().resultId()),
                    new AssetId(i.asset().assetId()), i.result().revision())).toList();
            return new Built(storagePath, sha256, size, lineage);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The approved results with their raw assets, in path order (the export's bytes depend only on its content). */
    private List<DatasetFormats.Item> approvedItems(String tenantId, String taskId, ExportFormat format) throws Exception {
        List<DatasetFormats.Item> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            AnnotationResultsResponse response = queries.get(new ListAnnotationResultsQuery(tenantId, new AnnotationTaskId(taskId), null,
                    new PageRequest(page, PageRequest.MAX_SIZE)), AnnotationResultsResponse.class);
            for (AnnotationResultView result : response.items()) {
                if (result.status() != ResultStatus.APPROVED) continue;
                AssetView asset = queries.find(new FindAssetQuery(tenantId, new AssetId(result.assetId())), AssetView.class)
                        .orElseThrow(() -> new IllegalStateException("asset " + result.assetId() + " is not in the catalog"));
                String name = asset.storagePath().substring(asset.storagePath().lastIndexOf('/') + 1);
                int[] size = {0, 0};
                if (format == ExportFormat.COCO) {
                    try (InputStream image = store.open(asset.storagePath())) {
                        size = DatasetFormats.imageSize(image);
                    }
                }
                items.add(new DatasetFormats.Item(result, asset, name, size[0], size[1]));
            }
            if (response.items().size() < PageRequest.MAX_SIZE) break;
        }
        items.sort(Comparator.comparing(i -> i.asset().storagePath()));
        return items;
    }
}
