package io.fleetloop.command.ingestion;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ingestion.CompleteIngestionCommand;
import io.fleetloop.api.ingestion.ConnectorConfig;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataIngestionStartedEvent;
import io.fleetloop.api.ingestion.DataIngestionStoppedEvent;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestedAsset;
import io.fleetloop.api.ingestion.IngestionBatch;
import io.fleetloop.api.ingestion.IngestionRule;
import io.fleetloop.api.ingestion.IngestionTaskCreatedEvent;
import io.fleetloop.api.ingestion.IngestionTaskId;
import io.fleetloop.api.ingestion.KafkaSettings;
import io.fleetloop.api.ingestion.ObjectIngestedEvent;
import io.fleetloop.api.ingestion.OpenUploadCommand;
import io.fleetloop.api.ingestion.ProtocolType;
import io.fleetloop.api.ingestion.RecordIngestionBatchCommand;
import io.fleetloop.api.ingestion.StartIngestionCommand;
import io.fleetloop.api.ingestion.StopIngestionCommand;
import io.fleetloop.api.ingestion.StreamRange;
import io.fleetloop.api.ingestion.UploadOpenedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Tasks that deliver in batches: Kafka offset ranges and HTTP uploads, each recorded and announced once. */
class IngestionBatchTest {

    private static final Instant NOW = Instant.parse("2026-12-04T08:00:00Z");
    private static final String TENANT = "acme";
    private static final IngestionTaskId TASK = new IngestionTaskId("task-k");
    private static final DataSourceId SOURCE = new DataSourceId("source-k");
    private static final ConnectorConfig KAFKA = new ConnectorConfig(null, null, "", null, null,
            new KafkaSettings("127.0.0.1:9092", List.of("telemetry"), null, "fleetloop", null, null, null, null, null,
                    KafkaSettings.Mode.CONTINUOUS).normalized());
    private static final IngestionRule RULE = new IngestionRule("**", "kafka", Modality.CAN);
    private static final String SHA = "c".repeat(64);

    private AggregateTestFixture<IngestionTask> fixture;
    private final ContentIndex contents = mock(ContentIndex.class);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(IngestionTask.class);
        fixture.registerInjectableResource(mock(SourceRegistry.class));
        fixture.registerInjectableResource(contents);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        when(contents.find(any(), any())).thenReturn(Optional.empty());
    }

    private IngestionTaskCreatedEvent created(ProtocolType protocol) {
        return new IngestionTaskCreatedEvent(TASK, TENANT, SOURCE, protocol, protocol == ProtocolType.KAFKA ? KAFKA
                : new ConnectorConfig(null, null, "", null, null), RULE, NOW);
    }

    private DataIngestionStartedEvent started(ProtocolType protocol, int attempt) {
        return new DataIngestionStartedEvent(TASK, TENANT, SOURCE, protocol, created(protocol).connectorConfig(), RULE, attempt, NOW);
    }

    private static RecordIngestionBatchCommand batch(StreamRange range) {
        return new RecordIngestionBatchCommand(TASK, TENANT, range.batchKey(), range, path(range), 100, SHA, Map.of("kafka-topic", "telemetry"));
    }

    private static String path(StreamRange range) {
        return "s3://fleetloop/tenants/acme/kafka/" + range.topic() + "/" + range.partition() + "/" + range.fromOffset() + ".ndjson";
    }

    private List<Object> recorded(StreamRange range, int sequence) {
        AssetId asset = AssetId.contentAddressed(TENANT, SHA);
        Map<String, String> attributes = Map.of("kafka-topic", "telemetry");
        return List.of(
                new ObjectIngestedEvent(TASK, TENANT, SOURCE, range.batchKey(), asset, path(range), 100, SHA, Modality.CAN, false, NOW, attributes),
                new DataIngestionCompletedEvent(TASK, TENANT, SOURCE, List.of(asset), List.of(path(range)), Modality.CAN,
                        List.of(new IngestedAsset(asset, path(range), 100, SHA, NOW, attributes)), 1, 0, 100, NOW,
                        new IngestionBatch(range.batchKey(), sequence, range)));
    }

    @Test
    void aBatchIsRecordedAndAnnouncedAtOnceWhileTheTaskKeepsRunning() {
        StreamRange range = new StreamRange("telemetry", 0, 0, 49, 50);
        fixture.given(created(ProtocolType.KAFKA), started(ProtocolType.KAFKA, 1))
                .when(batch(range))
                .expectEvents(recorded(range, 1).toArray());
    }

    @Test
    void theSameBatchRecordedAgainIsANoOp() {
        StreamRange range = new StreamRange("telemetry", 0, 0, 49, 50);
        fixture.given(created(ProtocolType.KAFKA), started(ProtocolType.KAFKA, 1), recorded(range, 1).get(0), recorded(range, 1).get(1))
                .when(batch(range))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aBatchOverlappingTheRecordedOffsetsIsRefused() {
        StreamRange first = new StreamRange("telemetry", 0, 0, 49, 50);
        fixture.given(created(ProtocolType.KAFKA), started(ProtocolType.KAFKA, 1), recorded(first, 1).get(0), recorded(first, 1).get(1))
                .when(batch(new StreamRange("telemetry", 0, 40, 89, 50)))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void theNextBatchOfAPartitionCountsOn() {
        StreamRange first = new StreamRange("telemetry", 0, 0, 49, 50);
        StreamRange next = new StreamRange("telemetry", 0, 50, 99, 50);
        fixture.given(created(ProtocolType.KAFKA), started(ProtocolType.KAFKA, 1), recorded(first, 1).get(0), recorded(first, 1).get(1))
                .when(batch(next))
                .expectEvents(recorded(next, 2).toArray());
    }

    @Test
    void aStoppedTaskRecordsNoBatchUntilStartedAgain() {
        StreamRange range = new StreamRange("telemetry", 1, 0, 9, 10);
        DataIngestionStoppedEvent stopped = new DataIngestionStoppedEvent(TASK, TENANT, SOURCE, "stopped by alice", NOW);
        fixture.given(created(ProtocolType.KAFKA), started(ProtocolType.KAFKA, 1))
                .when(new StopIngestionCommand(TASK, TENANT, "stopped by alice"))
                .expectEvents(stopped);
        fixture.given(created(ProtocolType.KAFKA), started(ProtocolType.KAFKA, 1), stopped)
                .when(batch(range))
                .expectException(FleetloopException.class);
        fixture.given(created(ProtocolType.KAFKA), started(ProtocolType.KAFKA, 1), stopped)
                .when(new StartIngestionCommand(TASK, TENANT))
                .expectEvents(started(ProtocolType.KAFKA, 2));
    }

    @Test
    void theFinalCompletionListsNoAssetTheBatchesAnnounced() {
        StreamRange range = new StreamRange("telemetry", 0, 0, 49, 50);
        fixture.given(created(ProtocolType.KAFKA), started(ProtocolType.KAFKA, 1), recorded(range, 1).get(0), recorded(range, 1).get(1))
                .when(new CompleteIngestionCommand(TASK, TENANT))
                .expectEvents(new DataIngestionCompletedEvent(TASK, TENANT, SOURCE, List.of(), List.of(), Modality.CAN, List.of(),
                        1, 0, 100, NOW));
    }

    @Test
    void anUploadIsOpenedOnlyOnARunningHttpUploadTaskOfTheSameTenant() {
        fixture.given(created(ProtocolType.HTTP_UPLOAD), started(ProtocolType.HTTP_UPLOAD, 1))
                .when(new OpenUploadCommand(TASK, TENANT, "u-1", "clips/a.bin", 10, SHA))
                .expectResultMessagePayload("kafka")
                .expectEvents(new UploadOpenedEvent(TASK, TENANT, SOURCE, "u-1", "clips/a.bin", 10, SHA, NOW));
        fixture.given(created(ProtocolType.HTTP_UPLOAD), started(ProtocolType.HTTP_UPLOAD, 1))
                .when(new OpenUploadCommand(TASK, "intruder", "u-1", "clips/a.bin", 10, SHA))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("ingestion task task-k was not found")
                .expectNoEvents();
        fixture.given(created(ProtocolType.KAFKA), started(ProtocolType.KAFKA, 1))
                .when(new OpenUploadCommand(TASK, TENANT, "u-1", "clips/a.bin", 10, SHA))
                .expectException(FleetloopException.class)
                .expectNoEvents();
        fixture.given(created(ProtocolType.HTTP_UPLOAD))
                .when(new OpenUploadCommand(TASK, TENANT, "u-1", "clips/a.bin", 10, SHA))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }
}
