package io.fleetloop.sagas.orchestration;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.catalog.RegisterAssetCommand;
import io.fleetloop.api.orchestration.CollectionDictionary;
import io.fleetloop.api.orchestration.DataFlowId;
import io.fleetloop.api.orchestration.DataFlowTriggeredEvent;
import io.fleetloop.api.orchestration.TriggeredClip;
import io.fleetloop.sagas.common.OwnUnitOfWork;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The edge clip registration, called directly: what a batch of reports sends, and when. */
class EdgeClipRegistrationTest {

    private static final Instant AT = Instant.parse("2026-12-01T08:00:00Z");

    private final CommandGateway commands = mock(CommandGateway.class);
    private final EdgeClipRegistration registration = new EdgeClipRegistration(new OwnUnitOfWork(commands));

    private static DataFlowTriggeredEvent reported(String device, String sha256) {
        TriggeredClip clip = new TriggeredClip(AssetId.contentAddressed("acme", sha256),
                "s3://fleetloop/tenants/acme/edge/" + device + "/t1/clip.flsg", 100, sha256, Modality.VEHICLE_LOG);
        return new DataFlowTriggeredEvent("r-" + device, "acme", new DataFlowId("flow-1"), device, "t1", "EXPRESSION",
                AT.minusSeconds(5), "3", "v1", List.of(clip), AT);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ArgumentCaptor<CommandMessage<?>> commandCaptor() {
        return (ArgumentCaptor) ArgumentCaptor.forClass(CommandMessage.class);
    }

    @Test
    void aBatchOfReportsRegistersEveryClipWhenTheBatchCommitsWithFlowDeviceAndTriggerAsAttributes() {
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        registration.on(reported("dev-1", "a".repeat(64)));
        registration.on(reported("dev-2", "b".repeat(64)));
        verifyNoInteractions(commands);

        batch.commit();

        ArgumentCaptor<CommandMessage<?>> sent = commandCaptor();
        verify(commands, times(2)).sendAndWait(sent.capture());
        List<RegisterAssetCommand> registered = sent.getAllValues().stream().map(m -> (RegisterAssetCommand) m.getPayload()).toList();
        assertThat(registered).extracting(RegisterAssetCommand::assetId)
                .containsExactlyInAnyOrder(AssetId.contentAddressed("acme", "a".repeat(64)), AssetId.contentAddressed("acme", "b".repeat(64)));
        assertThat(registered).allSatisfy(command -> assertThat(command.attributes())
                .containsEntry("flowid", "flow-1").containsEntry("triggerid", "t1").containsEntry("ruleversion", "3")
                .containsKey("deviceid"));
    }

    @Test
    void aFileCompressedWithATrainedDictionaryNamesItAndItsSha256AndOneWithoutDoesNot() {
        String sha256 = "c".repeat(64);
        TriggeredClip segment = new TriggeredClip(AssetId.contentAddressed("acme", sha256), "s3://fleetloop/tenants/acme/edge/dev-1/t2/signals.flsg",
                100, sha256, Modality.VEHICLE_LOG, new CollectionDictionary("dict-1", "s3://fleetloop/tenants/acme/d/m1.zdict", "d".repeat(64), 2));
        TriggeredClip frames = new TriggeredClip(AssetId.contentAddressed("acme", "e".repeat(64)),
                "s3://fleetloop/tenants/acme/edge/dev-1/t2/camera.tar", 100, "e".repeat(64), Modality.OTHER);

        registration.on(new DataFlowTriggeredEvent("r-dev-1", "acme", new DataFlowId("flow-1"), "dev-1", "t2", "TAKEOVER",
                AT.minusSeconds(5), "3", "v1", List.of(segment, frames), AT));

        ArgumentCaptor<CommandMessage<?>> sent = commandCaptor();
        verify(commands, times(2)).sendAndWait(sent.capture());
        java.util.Map<String, RegisterAssetCommand> registered = sent.getAllValues().stream().map(m -> (RegisterAssetCommand) m.getPayload())
                .collect(java.util.stream.Collectors.toMap(c -> c.storagePath().substring(c.storagePath().lastIndexOf('/') + 1), c -> c));
        assertThat(registered.get("signals.flsg").attributes()).containsEntry("compressiondictionary", "dict-1")
                .containsEntry("compressiondictionarysha256", "d".repeat(64));
        assertThat(registered.get("camera.tar").attributes()).doesNotContainKeys("compressiondictionary", "compressiondictionarysha256")
                .containsEntry("triggerid", "t2");
    }

    @Test
    void aRegistrationThatFailsFailsTheBatchSoItIsRetried() {
        when(commands.sendAndWait(any(Object.class))).thenThrow(new IllegalStateException("event store unavailable"));
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        registration.on(reported("dev-1", "a".repeat(64)));

        assertThatThrownBy(batch::commit).hasMessageContaining("event store unavailable");
    }

    @Test
    void outsideABatchTheClipIsRegisteredAtOnce() {
        registration.on(reported("dev-1", "a".repeat(64)));

        verify(commands, times(1)).sendAndWait(any(Object.class));
    }
}
