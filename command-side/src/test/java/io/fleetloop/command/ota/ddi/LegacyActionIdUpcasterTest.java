package io.fleetloop.command.ota.ddi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fleetloop.api.ota.ActionKind;
import io.fleetloop.api.ota.DeploymentBatchId;
import io.fleetloop.api.ota.DeploymentBatchStartedEvent;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.RollbackTriggeredEvent;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Events stored before action ids were allocated (revision 1, recorded as JSON fixtures) read with the upgrade's ids. */
class LegacyActionIdUpcasterTest {

    private final ObjectMapper mapper = JsonMapper.builder().findAndAddModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(mapper).build();

    /** The mapping the upgrade stored: rel-1's updates of car-0 and car-1 and the rollback of car-0. */
    private final LegacyActionIdUpcaster upcaster = new LegacyActionIdUpcaster((taskId, kind) -> !taskId.equals("rel-1") ? Map.of()
            : kind == ActionKind.UPDATE ? Map.of("car-0", 7, "car-1", 8) : Map.of("car-0", 12));

    @Test
    void anOldBatchStartGetsTheMappedIdsInDeviceOrder() throws IOException {
        IntermediateEventRepresentation upcast = upcast(DeploymentBatchStartedEvent.class, fixture("DeploymentBatchStartedEvent-revision-1.json"));
        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        DeploymentBatchStartedEvent event = serializer.deserialize(upcast.getData());
        assertThat(event.taskId()).isEqualTo(new ReleaseTaskId("rel-1"));
        assertThat(event.deviceIds()).containsExactly("car-1", "car-0");
        assertThat(event.actionIds()).containsExactly(8, 7);
        assertThat(event.startedAt()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
    }

    @Test
    void anOldRollbackGetsTheRollbackActionsIds() throws IOException {
        RollbackTriggeredEvent event = serializer.deserialize(upcast(RollbackTriggeredEvent.class, fixture("RollbackTriggeredEvent-revision-1.json")).getData());
        assertThat(event.actionIds()).containsExactly(12);
        assertThat(event.reason()).isEqualTo("perception regression");
    }

    @Test
    void actionsTheUpgradeDidNotKnowHaveNoIds() throws IOException {
        String otherRelease = fixture("DeploymentBatchStartedEvent-revision-1.json").replace("rel-1", "rel-2");
        DeploymentBatchStartedEvent event = serializer.deserialize(upcast(DeploymentBatchStartedEvent.class, otherRelease).getData());
        assertThat(event.deviceIds()).hasSize(2);
        assertThat(event.actionIds()).isNull();
    }

    @Test
    void aCurrentEventIsLeftAlone() {
        DeploymentBatchStartedEvent current = new DeploymentBatchStartedEvent(new ReleaseTaskId("rel-1"), "acme", new DeploymentBatchId("b"), 0,
                List.of("car-0"), Instant.EPOCH, List.of(42));
        byte[] payload = serializer.serialize(current, byte[].class).getData();
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("ReleaseTask", "rel-1", 3, "e", Instant.EPOCH,
                DeploymentBatchStartedEvent.class.getName(), "2", payload, "{}".getBytes(StandardCharsets.UTF_8));
        List<IntermediateEventRepresentation> out = upcaster.upcast(Stream.of(new InitialEventRepresentation(entry, serializer))).toList();
        assertThat(((DeploymentBatchStartedEvent) serializer.deserialize(out.get(0).getData())).actionIds()).containsExactly(42);
    }

    private IntermediateEventRepresentation upcast(Class<?> type, String json) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("ReleaseTask", "rel-1", 3, "e", Instant.EPOCH, type.getName(), null,
                json.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        List<IntermediateEventRepresentation> out = upcaster.upcast(Stream.of(new InitialEventRepresentation(entry, serializer))).toList();
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = LegacyActionIdUpcasterTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
