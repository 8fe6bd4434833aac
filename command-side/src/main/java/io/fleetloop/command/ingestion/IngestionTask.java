package io.fleetloop.command.ingestion;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ingestion.CompleteIngestionCommand;
import io.fleetloop.api.ingestion.ConnectorConfig;
import io.fleetloop.api.ingestion.CreateIngestionTaskCommand;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataIngestionFailedEvent;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.DataIngestionStoppedEvent;
import io.fleetloop.api.ingestion.IngestionBatch;
import io.fleetloop.api.ingestion.OpenUploadCommand;
import io.fleetloop.api.ingestion.RecordIngestionBatchCommand;
import io.fleetloop.api.ingestion.UploadOpenedEvent;
import io.fleetloop.api.ingestion.StopIngestionCommand;
import io.fleetloop.api.ingestion.StreamRange;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.FailIngestionCommand;
import io.fleetloop.api.ingestion.IngestedAsset;
import io.fleetloop.api.ingestion.IngestedObject;
import io.fleetloop.api.ingestion.IngestionRule;
import io.fleetloop.api.ingestion.IngestionTaskCreatedEvent;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.ingestion.IngestionTaskStatus;
import io.fleetloop.api.ingestion.ObjectIngestedEvent;
import io.fleetloop.api.ingestion.ObjectSkippedEvent;
import io.fleetloop.api.ingestion.ProtocolType;
import io.fleetloop.api.ingestion.RecordObjectIngestedCommand;
import io.fleetloop.api.ingestion.RecordObjectSkippedCommand;
import io.fleetloop.api.ingestion.StartIngestionCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.fleetloop.command.common.TenantGuard.requireSameTenant;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One run (or re-run after failure) of a connector over a data source (seed 000 §2 steps 1–7a).
 * Each landed object is recorded once per source key, so a connector that resumes after a crash can
 * report an object again without effect; the same holds for a listed object that vanished before it was read
 * (skipped, unless that key was already ingested). A skipped key that a later attempt finds again is ingested then, and
 * is skipped no more.
 */
@Aggregate(cache = "ingestionTaskCache")
class IngestionTask {

    static final String RESOURCE = "ingestion task";

    private record RecordedObject(AssetId assetId, String storagePath, long sizeBytes, String sha256,
                                  Instant ingestedAt, boolean duplicate, Map<String, String> attributes) {
    }

    @AggregateIdentifier
    private IngestionTaskId taskId;
    private String tenantId;
    private DataSourceId sourceId;
    private ProtocolType protocolType;
    private ConnectorConfig connectorConfig;
    private IngestionRule ingestionRule;
    private IngestionTaskStatus status;
    private int attempt;
    private final Map<String, RecordedObject> recorded = new LinkedHashMap<>();
    /** Source keys of listed objects that had vanished when they were read, and have not been ingested since. */
    private final Set<String> skipped = new HashSet<>();
    /** Source keys of batches, each announced on its own (Kafka ranges, uploads). */
    private final Set<String> batchKeys = new HashSet<>();
    /** Next offset per Kafka topic/partition: where the recorded batches end. */
    private final Map<String, Long> nextOffsets = new HashMap<>();

    IngestionTask() {
    }

    @CommandHandler
    IngestionTask(CreateIngestionTaskCommand command, SourceRegistry sources, Clock clock) {
        RegisteredSource source = sources.find(command.sourceId())
                .filter(s -> s.tenantId().equals(command.tenantId()))
                .orElseThrow(() -> FleetloopException.notFound("data source", command.sourceId().value()));
        IngestionRules.requireValid(command.ingestionRule());
        apply(new IngestionTaskCreatedEvent(command.taskId(), command.tenantId(), command.sourceId(),
                source.protocolType(), source.connectorConfig(), IngestionRules.normalized(command.ingestionRule()),
                clock.instant()));
    }

    @CommandHandler
    void handle(StartIngestionCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (status == IngestionTaskStatus.RUNNING || status == IngestionTaskStatus.COMPLETED) {
            throw FleetloopException.conflict("ingestion task " + taskId + " is " + status + " and cannot be started");
        }
        apply(new DataIngestionStartedEvent(taskId, tenantId, sourceId, protocolType, connectorConfig, ingestionRule,
                attempt + 1, clock.instant()));
    }

    @CommandHandler
    IngestedObject handle(RecordObjectIngestedCommand command, ContentIndex contents, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        RecordedObject earlier = recorded.get(command.sourceKey());
        if (earlier != null) {
            return new IngestedObject(earlier.assetId(), earlier.storagePath(), earlier.duplicate(), earlier.attributes());
        }
        requireRunning();
        var existing = contents.find(tenantId, command.sha256());
        AssetId assetId = existing.map(ContentIndex.IndexedContent::assetId)
                .orElseGet(() -> AssetId.contentAddressed(tenantId, command.sha256()));
        String storagePath = existing.map(ContentIndex.IndexedContent::storagePath).orElse(command.storagePath());
        apply(new ObjectIngestedEvent(taskId, tenantId, sourceId, command.sourceKey(), assetId, storagePath,
                command.sizeBytes(), command.sha256(), ingestionRule.modality(), existing.isPresent(), clock.instant(),
                command.attributes(), skipped.contains(command.sourceKey())));
        return new IngestedObject(assetId, storagePath, existing.isPresent(), command.attributes());
    }

    @CommandHandler
    void handle(RecordObjectSkippedCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (skipped.contains(command.sourceKey()) || recorded.containsKey(command.sourceKey())) {
            return;
        }
        requireRunning();
        String reason = command.reason() == null || command.reason().isBlank() ? "skipped" : command.reason();
        apply(new ObjectSkippedEvent(taskId, tenantId, sourceId, command.sourceKey(), reason, clock.instant()));
    }

    @CommandHandler
    IngestedObject handle(RecordIngestionBatchCommand command, ContentIndex contents, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        RecordedObject earlier = recorded.get(command.batchKey());
        if (earlier != null) {
            return new IngestedObject(earlier.assetId(), earlier.storagePath(), earlier.duplicate(), earlier.attributes());
        }
        requireRunning();
        StreamRange range = command.range();
        if (range != null) {
            Long next = nextOffsets.get(range.partitionKey());
            if (!range.batchKey().equals(command.batchKey()) || range.toOffset() < range.fromOffset()) {
                throw FleetloopException.invalid("range", "does not match the batch key " + command.batchKey());
            }
            if (next != null && range.fromOffset() < next) {
                throw FleetloopException.conflict("batch " + command.batchKey() + " overlaps the recorded batches of "
                        + range.partitionKey() + ", which end before offset " + next);
            }
        }
        var existing = contents.find(tenantId, command.sha256());
        AssetId assetId = existing.map(ContentIndex.IndexedContent::assetId)
                .orElseGet(() -> AssetId.contentAddressed(tenantId, command.sha256()));
        String storagePath = existing.map(ContentIndex.IndexedContent::storagePath).orElse(command.storagePath());
        Instant now = clock.instant();
        apply(new ObjectIngestedEvent(taskId, tenantId, sourceId, command.batchKey(), assetId, storagePath,
                command.sizeBytes(), command.sha256(), ingestionRule.modality(), existing.isPresent(), now,
                command.attributes()));
        IngestedAsset asset = new IngestedAsset(assetId, storagePath, command.sizeBytes(), command.sha256(), now, command.attributes());
        apply(new DataIngestionCompletedEvent(taskId, tenantId, sourceId, List.of(assetId), List.of(storagePath),
                ingestionRule.modality(), List.of(asset), 1, existing.isPresent() ? 1 : 0, command.sizeBytes(), now,
                new IngestionBatch(command.batchKey(), batchKeys.size() + 1, range)));
        return new IngestedObject(assetId, storagePath, existing.isPresent(), command.attributes());
    }

    @CommandHandler
    String handle(OpenUploadCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (protocolType != ProtocolType.HTTP_UPLOAD) {
            throw FleetloopException.conflict("ingestion task " + taskId + " reads a " + protocolType + " source; only HTTP_UPLOAD tasks take uploads");
        }
        requireRunning();
        apply(new UploadOpenedEvent(taskId, tenantId, sourceId, command.uploadId(), command.fileName(), command.sizeBytes(),
                command.sha256(), clock.instant()));
        return ingestionRule.targetPath();
    }

    @CommandHandler
    void handle(StopIngestionCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (status == IngestionTaskStatus.STOPPED) {
            return;
        }
        if (protocolType != ProtocolType.KAFKA && protocolType != ProtocolType.HTTP_UPLOAD) {
            throw FleetloopException.conflict("only Kafka and HTTP-upload tasks can be stopped; " + protocolType + " tasks run to their end");
        }
        requireRunning();
        String reason = command.reason() == null || command.reason().isBlank() ? "stopped" : command.reason();
        apply(new DataIngestionStoppedEvent(taskId, tenantId, sourceId, reason, clock.instant()));
    }

    @CommandHandler
    void handle(CompleteIngestionCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (status == IngestionTaskStatus.COMPLETED) {
            return;
        }
        requireRunning();
        Map<AssetId, IngestedAsset> assets = new LinkedHashMap<>();
        long totalBytes = 0;
        int duplicates = 0;
        for (var entry : recorded.entrySet()) {
            RecordedObject object = entry.getValue();
            totalBytes += object.sizeBytes();
            if (object.duplicate()) duplicates++;
            if (batchKeys.contains(entry.getKey())) continue; // announced with its batch
            assets.putIfAbsent(object.assetId(), new IngestedAsset(object.assetId(), object.storagePath(),
                    object.sizeBytes(), object.sha256(), object.ingestedAt(), object.attributes()));
        }
        List<AssetId> assetIds = new ArrayList<>(assets.keySet());
        List<String> storagePaths = assets.values().stream().map(IngestedAsset::storagePath).toList();
        apply(new DataIngestionCompletedEvent(taskId, tenantId, sourceId, assetIds, storagePaths,
                ingestionRule.modality(), List.copyOf(assets.values()), recorded.size(), duplicates, totalBytes,
                clock.instant(), null, skipped.size()));
    }

    @CommandHandler
    void handle(FailIngestionCommand command, Clock clock) {
        requireSameTenant(tenantId, command, RESOURCE, taskId);
        if (status == IngestionTaskStatus.FAILED) {
            return;
        }
        requireRunning();
        String message = command.errorMessage() == null || command.errorMessage().isBlank()
                ? "ingestion failed" : command.errorMessage();
        apply(new DataIngestionFailedEvent(taskId, tenantId, sourceId, message, clock.instant()));
    }

    private void requireRunning() {
        if (status != IngestionTaskStatus.RUNNING) {
            throw FleetloopException.conflict("ingestion task " + taskId + " is " + status + ", not RUNNING");
        }
    }

    @EventSourcingHandler
    void on(IngestionTaskCreatedEvent event) {
        taskId = event.taskId();
        tenantId = event.tenantId();
        sourceId = event.sourceId();
        protocolType = event.protocolType();
        connectorConfig = event.connectorConfig();
        ingestionRule = event.ingestionRule();
        status = IngestionTaskStatus.CREATED;
    }

    @EventSourcingHandler
    void on(DataIngestionStartedEvent event) {
        status = IngestionTaskStatus.RUNNING;
        attempt = event.attempt();
    }

    @EventSourcingHandler
    void on(ObjectIngestedEvent event) {
        recorded.put(event.sourceKey(), new RecordedObject(event.assetId(), event.storagePath(), event.sizeBytes(),
                event.sha256(), event.ingestedAt(), event.duplicate(), event.attributes()));
        skipped.remove(event.sourceKey());
    }

    @EventSourcingHandler
    void on(ObjectSkippedEvent event) {
        skipped.add(event.sourceKey());
    }

    @EventSourcingHandler
    void on(DataIngestionCompletedEvent event) {
        IngestionBatch batch = event.batch();
        if (batch == null) {
            status = IngestionTaskStatus.COMPLETED;
            return;
        }
        batchKeys.add(batch.key());
        if (batch.range() != null) nextOffsets.merge(batch.range().partitionKey(), batch.range().nextOffset(), Math::max);
    }

    @EventSourcingHandler
    void on(DataIngestionStoppedEvent event) {
        status = IngestionTaskStatus.STOPPED;
    }

    @EventSourcingHandler
    void on(DataIngestionFailedEvent event) {
        status = IngestionTaskStatus.FAILED;
    }
}
