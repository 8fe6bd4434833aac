package io.fleetloop.command.ingestion;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ingestion.ConnectorConfig;
import io.fleetloop.api.ingestion.CreateDataSourceCommand;
import io.fleetloop.api.ingestion.DataSourceCreatedEvent;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.ProtocolType;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class DataSourceAggregateTest {

    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
    private static final DataSourceId SOURCE = new DataSourceId("source-1");
    private static final ConnectorConfig CONFIG = new ConnectorConfig("https://s3.example.com", "raw-data", "drives/", null, "keys");

    private AggregateTestFixture<DataSourceAggregate> fixture;
    private final SourceRegistry registry = mock(SourceRegistry.class);
    private final ConnectorCredentials credentials = mock(ConnectorCredentials.class);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DataSourceAggregate.class);
        fixture.registerInjectableResource(registry);
        fixture.registerInjectableResource(credentials);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        when(credentials.exists("acme", "keys")).thenReturn(true);
    }

    @Test
    void anS3SourceWithStoredCredentialsIsCreatedWithOnlyTheCredentialsName() {
        fixture.givenNoPriorActivity()
                .when(new CreateDataSourceCommand(SOURCE, "acme", "raw", ProtocolType.S3, CONFIG))
                .expectEvents(new DataSourceCreatedEvent(SOURCE, "acme", "raw", ProtocolType.S3, CONFIG, NOW));
    }

    @Test
    void aSecondSourceWithTheSameNameIsADuplicate() {
        when(registry.nameTaken("acme", "raw")).thenReturn(true);
        fixture.givenNoPriorActivity()
                .when(new CreateDataSourceCommand(SOURCE, "acme", "raw", ProtocolType.S3, CONFIG))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("a data source named 'raw' already exists")
                .expectNoEvents();
    }

    @Test
    void credentialsOfAnotherTenantCannotBeReferenced() {
        fixture.givenNoPriorActivity()
                .when(new CreateDataSourceCommand(SOURCE, "intruder", "raw", ProtocolType.S3, CONFIG))
                .expectException(FleetloopException.class)
                .expectNoEvents();
    }

    @Test
    void unsupportedProtocolsAreRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateDataSourceCommand(SOURCE, "acme", "raw", ProtocolType.EDGE_AGENT, CONFIG))
                .expectException(FleetloopException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("EDGE_AGENT sources are not supported yet"))
                .expectNoEvents();
    }

    @Test
    void anInvalidBucketNameIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateDataSourceCommand(SOURCE, "acme", "raw", ProtocolType.S3,
                        new ConnectorConfig("https://s3.example.com", "Bad_Bucket", "", null, "keys")))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("connectorConfig.bucket: must be a valid S3 bucket name")
                .expectNoEvents();
    }

    @Test
    void aKafkaSourceIsCreatedWithItsDefaultsFilledIn() {
        var kafka = new io.fleetloop.api.ingestion.KafkaSettings("127.0.0.1:9092", java.util.List.of("telemetry"), null, "fleetloop",
                null, null, null, null, null, null);
        ConnectorConfig expected = new ConnectorConfig(null, null, "", null, null, kafka.normalized());
        fixture.givenNoPriorActivity()
                .when(new CreateDataSourceCommand(SOURCE, "acme", "stream", ProtocolType.KAFKA,
                        new ConnectorConfig(null, null, null, null, null, kafka)))
                .expectEvents(new DataSourceCreatedEvent(SOURCE, "acme", "stream", ProtocolType.KAFKA, expected, NOW));
    }

    @Test
    void aKafkaSourceWithoutConsumerGroupIsRefusedNamingTheField() {
        var kafka = new io.fleetloop.api.ingestion.KafkaSettings("127.0.0.1:9092", java.util.List.of("telemetry"), null, null,
                null, null, null, null, null, null);
        fixture.givenNoPriorActivity()
                .when(new CreateDataSourceCommand(SOURCE, "acme", "stream", ProtocolType.KAFKA,
                        new ConnectorConfig(null, null, null, null, null, kafka)))
                .expectException(FleetloopException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.startsWith("connectorConfig.kafka.consumerGroup:"))
                .expectNoEvents();
    }

    @Test
    void anHttpUploadSourceNeedsNoConnectorConfig() {
        fixture.givenNoPriorActivity()
                .when(new CreateDataSourceCommand(SOURCE, "acme", "uploads", ProtocolType.HTTP_UPLOAD, null))
                .expectEvents(new DataSourceCreatedEvent(SOURCE, "acme", "uploads", ProtocolType.HTTP_UPLOAD,
                        new ConnectorConfig(null, null, "", null, null), NOW));
    }
}
