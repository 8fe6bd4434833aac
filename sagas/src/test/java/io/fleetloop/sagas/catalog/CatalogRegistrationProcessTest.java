package io.fleetloop.sagas.catalog;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.ingestion.DataIngestionCompletedEvent;
import io.fleetloop.api.ingestion.DataSourceId;
import io.fleetloop.api.ingestion.IngestedAsset;
import io.fleetloop.api.ingestion.IngestionTaskId;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.mockito.ArgumentCaptor;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

/**
 * The stateless registration process (an event handler, not a saga: it keeps no state, so there is nothing for a
 * SagaTestFixture to hold): called directly, it must send exactly the commands a completed ingestion implies.
 */
class CatalogRegistrationProcessTest {

    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");
    private static final IngestionTaskId TASK = new IngestionTaskId("ing-1");
    private static final DataSourceId SOURCE = new DataSourceId("src-1");

    private final CommandGateway commands = mock(CommandGateway.class);
    private final CatalogRegistrationProcess process = new CatalogRegistrationProcess(new io.fleetloop.sagas.common.OwnUnitOfWork(commands));

    private static DataIngestionCompletedEvent completed(List<IngestedAsset> assets) {
        return new DataIngestionCompletedEvent(TASK, "acme", SOURCE, assets.stream().map(IngestedAsset::assetId).toList(),
                assets.stream().map(IngestedAsset::storagePath).toList(), Modality.LIDAR, assets, assets.size(), 0, 30, AT);
    }

    @Test
    void everyIngestedContentIsRegisteredWithItsPathSizeHashAndAttributes() {
        IngestedAsset first = new IngestedAsset(new AssetId("a1"), "s3://b/tenants/acme/1.pcd", 10, "sha-1", AT, Map.of("vin", "V1"));
        IngestedAsset second = new IngestedAsset(new AssetId("a2"), "s3://b/tenants/acme/2.pcd", 20, "sha-2", AT, Map.of());

        process.on(completed(List.of(first, second)));

        ArgumentCaptor<CommandMessage<?>> sent = commandCaptor();
        verify(commands, times(2)).sendAndWait(sent.capture());
        assertThat(sent.getAllValues().stream().map(m -> (Object) m.getPayload()).toList()).containsExactlyInAnyOrder(
                new RegisterAssetCommand(new AssetId("a1"), "acme", SOURCE, TASK, "s3://b/tenants/acme/1.pcd", 10,
                        "sha-1", Modality.LIDAR, AT, Map.of("vin", "V1")),
                new RegisterAssetCommand(new AssetId("a2"), "acme", SOURCE, TASK, "s3://b/tenants/acme/2.pcd", 20,
                        "sha-2", Modality.LIDAR, AT, Map.of()));
        verifyNoMoreInteractions(commands);
    }

    @Test
    void contentRegisteredAlreadyIsNotAnError() {
        IngestedAsset first = new IngestedAsset(new AssetId("a1"), "s3://b/tenants/acme/1.pcd", 10, "sha-1", AT, Map.of());
        IngestedAsset second = new IngestedAsset(new AssetId("a2"), "s3://b/tenants/acme/2.pcd", 20, "sha-2", AT, Map.of());
        when(commands.sendAndWait(any(Object.class)))
                .thenThrow(new AggregateStreamCreationException("Cannot reuse aggregate identifier [a1] to create aggregate"))
                .thenReturn(null);

        process.on(completed(List.of(first, second)));

        verify(commands, times(2)).sendAndWait(any(Object.class));
    }

    @Test
    void anyOtherRefusalFailsTheEventSoItIsRetried() {
        IngestedAsset first = new IngestedAsset(new AssetId("a1"), "s3://b/tenants/acme/1.pcd", 10, "sha-1", AT, Map.of());
        when(commands.sendAndWait(any(Object.class))).thenThrow(new IllegalStateException("database down"));

        assertThatThrownBy(() -> process.on(completed(List.of(first)))).isInstanceOf(IllegalStateException.class)
                .hasMessage("database down");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ArgumentCaptor<CommandMessage<?>> commandCaptor() {
        return (ArgumentCaptor) ArgumentCaptor.forClass(CommandMessage.class);
    }

    @Test
    void anIngestionThatBroughtNothingNewRegistersNothing() {
        process.on(completed(List.of()));

        verifyNoInteractions(commands);
    }
}
