package io.fleetloop.query.annotation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.annotation.AnnotationResultId;
import io.fleetloop.api.annotation.AnnotationResultView;
import io.fleetloop.api.annotation.AnnotationResultsResponse;
import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.AnnotationTaskView;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.ExportFormat;
import io.fleetloop.api.annotation.ExportedResult;
import io.fleetloop.api.annotation.FindAnnotationTaskQuery;
import io.fleetloop.api.annotation.ListAnnotationResultsQuery;
import io.fleetloop.api.annotation.RecordDatasetExportCommand;
import io.fleetloop.api.annotation.ResultStatus;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.AssetView;
import io.fleetloop.api.catalog.FindAssetQuery;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.api.metering.AdmitDispatchCommand;
import io.fleetloop.api.metering.DispatchDecision;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.metering.MeterUsageCommand;
import io.fleetloop.api.metering.UsageSubject;
import io.fleetloop.query.common.Queries;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /v1/annotation-tasks/{taskId}/export?format=coco|kitti}: the task's approved results as a COCO JSON
 * (2D boxes) or a KITTI zip (3D boxes), built from the read models (an export of what is read). The file is written
 * once into the platform's bucket; two commands then register it in the catalog as a DATASET asset
 * (content-addressed: the same content is the same asset) and record it on the task as a new dataset version with
 * the exact result revisions in it (lineage; the task decides whether it is new). Then it is streamed to the caller.
 */
@RestController
class DatasetExportController {

    private final Queries queries;
    static final String EXPORTED_ITEMS = "exported-items";

    private final CommandGateway commands;
    private final DatasetStore store;
    private final ObjectMapper json;
    private final Clock clock;

    DatasetExportController(Queries queries, CommandGateway commands, DatasetStore store, ObjectMapper json, Clock clock) {
        this.queries = queries;
        this.commands = commands;
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/v1/annotation-tasks/{taskId}/export")
    ResponseEntity<StreamingResponseBody> export(Caller caller, @PathVariable String taskId, @RequestParam String format) throws Exception {
        ExportFormat exportFormat;
        try {
            exportFormat = ExportFormat.valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw FleetloopException.invalid("format", "coco or kitti");
        }
        AnnotationTaskView task = queries.require(new FindAnnotationTaskQuery(caller.tenantId(), new AnnotationTaskId(taskId)),
                AnnotationTaskView.class, "annotation task", taskId);
        AnnotationType needed = exportFormat == ExportFormat.COCO ? AnnotationType.BOX_2D : AnnotationType.BOX_3D;
        if (task.annotationType() != needed) {
            throw FleetloopException.invalid("format", exportFormat + " exports " + needed + " tasks; this task is " + task.annotationType());
        }
        List<DatasetFormats.Item> items = approvedItems(caller.tenantId(), taskId, exportFormat);
        if (items.isEmpty()) throw FleetloopException.conflict("annotation task " + taskId + " has no approved result to export");
        DispatchDecision decision = commands.sendAndWait(new AdmitDispatchCommand(caller.tenantId(), LoopContext.ANN, taskId,
                List.of(EXPORTED_ITEMS), clock.instant()));
        decision.requireAdmitted();

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
            String storagePath = store.put(caller.tenantId(), "datasets/annotation-" + taskId + "/"
                    + exportFormat.name().toLowerCase(Locale.ROOT) + "-" + sha256.substring(0, 16) + "." + extension, file);
            AssetId dataset = AssetId.contentAddressed(caller.tenantId(), sha256);
            List<ExportedResult> lineage = items.stream().map(i -> new ExportedResult(new AnnotationResultId(i.result().resultId()),
                    new AssetId(i.asset().assetId()), i.result().revision())).toList();
            try {
                commands.sendAndWait(new RegisterAssetCommand(dataset, caller.tenantId(), null, null, storagePath, size, sha256, Modality.DATASET,
                        clock.instant(), Map.of("datasetOf", "annotation-task:" + taskId, "format", exportFormat.name(),
                        "results", String.valueOf(items.size()))));
            } catch (RuntimeException e) {
                // The same bytes exported again name the same asset: the store refuses the second creation, which means
                // the dataset is registered already.
                if (!registeredAlready(e)) throw e;
            }
            Integer version = commands.sendAndWait(new RecordDatasetExportCommand(new AnnotationTaskId(taskId), caller.tenantId(), dataset,
                    exportFormat, storagePath, sha256, size, lineage));
            // One usage per dataset version: exporting the same content again is the same version, metered once.
            commands.sendAndWait(MeterUsageCommand.of(UsageSubject.ofTask(caller.tenantId(), LoopContext.ANN, taskId),
                    "export/" + taskId + "/" + exportFormat.name().toLowerCase(Locale.ROOT) + "/v" + version, null, EXPORTED_ITEMS,
                    items.size(), "item", clock.instant()));
            StreamingResponseBody body = out -> {
                try (InputStream stored = store.open(storagePath)) {
                    stored.transferTo(out);
                }
            };
            String fileName = "annotation-" + taskId + "-v" + version + "." + extension;
            return ResponseEntity.ok()
                    .contentType(exportFormat == ExportFormat.COCO ? MediaType.APPLICATION_JSON : MediaType.parseMediaType("application/zip"))
                    .contentLength(size)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build().toString())
                    .header("X-Dataset-Asset-Id", dataset.value())
                    .header("X-Dataset-Version", String.valueOf(version))
                    .header("X-Content-Sha256", sha256)
                    .body(body);
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

    /** The event store's refusal of a second creation (as the PostgreSQL event store reports it). */
    private static boolean registeredAlready(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AggregateStreamCreationException || t instanceof ConcurrencyException) return true;
            if (t instanceof EventStoreException && t.getMessage() != null && t.getMessage().contains("Cannot reuse aggregate identifier")) {
                return true;
            }
        }
        return false;
    }
}
