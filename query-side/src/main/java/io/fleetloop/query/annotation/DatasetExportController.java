package io.fleetloop.query.annotation;

import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.annotation.ExportFormat;
import io.fleetloop.api.annotation.RecordDatasetExportCommand;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.metering.AdmitDispatchCommand;
import io.fleetloop.api.metering.DispatchDecision;
import io.fleetloop.api.metering.LoopContext;
import io.fleetloop.api.metering.MeterUsageCommand;
import io.fleetloop.api.metering.UsageSubject;
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

import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /v1/annotation-tasks/{taskId}/export?format=coco|kitti}: the task's approved results as a COCO JSON
 * (2D boxes) or a KITTI zip (3D boxes), built from the read models by {@link DatasetExporter} (an export of what is
 * read). The file is written once into the platform's bucket; two commands then register it in the catalog as a DATASET asset
 * (content-addressed: the same content is the same asset) and record it on the task as a new dataset version with
 * the exact result revisions in it (lineage; the task decides whether it is new). Then it is streamed to the caller.
 */
@RestController
class DatasetExportController {

    static final String EXPORTED_ITEMS = "exported-items";

    private final DatasetExporter exporter;
    private final CommandGateway commands;
    private final DatasetStore store;
    private final Clock clock;

    DatasetExportController(DatasetExporter exporter, CommandGateway commands, DatasetStore store, Clock clock) {
        this.exporter = exporter;
        this.commands = commands;
        this.store = store;
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
        DatasetExporter.Built built = exporter.build(caller.tenantId(), taskId, exportFormat, () -> {
            DispatchDecision decision = commands.sendAndWait(new AdmitDispatchCommand(caller.tenantId(), LoopContext.ANN, taskId,
                    List.of(EXPORTED_ITEMS), clock.instant()));
            decision.requireAdmitted();
        });
        String storagePath = built.storagePath();
        String sha256 = built.sha256();
        long size = built.sizeBytes();
        String extension = exportFormat == ExportFormat.COCO ? "json" : "zip";
        AssetId dataset = AssetId.contentAddressed(caller.tenantId(), sha256);
        try {
            commands.sendAndWait(new RegisterAssetCommand(dataset, caller.tenantId(), null, null, storagePath, size, sha256, Modality.DATASET,
                    clock.instant(), Map.of("datasetOf", "annotation-task:" + taskId, "format", exportFormat.name(),
                    "results", String.valueOf(built.results().size()))));
        } catch (RuntimeException e) {
            // The same bytes exported again name the same asset: the store refuses the second creation, which means
            // the dataset is registered already.
            if (!registeredAlready(e)) throw e;
        }
        Integer version = commands.sendAndWait(new RecordDatasetExportCommand(new AnnotationTaskId(taskId), caller.tenantId(), dataset,
                exportFormat, storagePath, sha256, size, built.results()));
        // One usage per dataset version: exporting the same content again is the same version, metered once.
        commands.sendAndWait(MeterUsageCommand.of(UsageSubject.ofTask(caller.tenantId(), LoopContext.ANN, taskId),
                "export/" + taskId + "/" + exportFormat.name().toLowerCase(Locale.ROOT) + "/v" + version, null, EXPORTED_ITEMS,
                built.results().size(), "item", clock.instant()));
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
