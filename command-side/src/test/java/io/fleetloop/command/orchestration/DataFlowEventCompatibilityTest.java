package io.fleetloop.command.orchestration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fleetloop.api.orchestration.CollectionDictionary;
import io.fleetloop.api.orchestration.CollectionTrigger;
import io.fleetloop.api.orchestration.CompressionRule;
import io.fleetloop.api.orchestration.DataFlowCreatedEvent;
import io.fleetloop.api.orchestration.DataFlowId;
import io.fleetloop.api.orchestration.DeviceSelector;
import io.fleetloop.api.orchestration.FlowAction;
import io.fleetloop.api.orchestration.FlowRule;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** DataFlowCreatedEvents stored before a field was added still read: the new fields are null, the rest unchanged. */
class DataFlowEventCompatibilityTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Axon's event serializer on an ObjectMapper set up as Spring Boot's is here (application.yml: non_null, ISO dates). */
    private final JacksonSerializer events = JacksonSerializer.builder().objectMapper(JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL).build()).build();

    @Test
    void anAnnotateFlowEventStoredBeforeEdgeCollectionReadsWithNullEdgeFields() throws Exception {
        String stored = """
                {"flowId":"flow-1","tenantId":"acme","name":"night lidar",
                 "flowRule":{"sourceId":"src-1","modality":"LIDAR","pathPattern":"drives/**/*.pcd"},
                 "action":{"type":"ANNOTATE","annotationType":"BOX_3D","preLabelConfig":null,"qcPolicy":null,"runPreLabeling":false},
                 "createdAt":"2026-11-23T08:00:00Z"}""";

        DataFlowCreatedEvent event = json.readValue(stored, DataFlowCreatedEvent.class);

        assertThat(event.flowId().value()).isEqualTo("flow-1");
        assertThat(event.flowRule().pathPattern()).isEqualTo("drives/**/*.pcd");
        assertThat(event.flowRule().trigger()).isNull();
        assertThat(event.action().type()).isEqualTo(FlowAction.Type.ANNOTATE);
        assertThat(event.createdAt()).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
        assertThat(event.compressionRule()).isNull();
        assertThat(event.targetPath()).isNull();
        assertThat(event.deviceSelector()).isNull();
        assertThat(event.dictionary()).isNull();
    }

    @Test
    void aCollectFlowEventStoredBeforeTheDictionaryWasCarriedReadsWithOnlyTheNamedDictionary() {
        String stored = """
                {"flowId":"flow-2","tenantId":"acme","name":"swerves",
                 "flowRule":{"trigger":{"kinds":["EXPRESSION"],"expression":"speed > 20.0","preSeconds":5.0,"postSeconds":3.0,"rateLimit":2}},
                 "action":{"type":"COLLECT","runPreLabeling":false},"createdAt":"2026-12-04T08:00:00Z",
                 "compressionRule":{"codec":"zstd","level":19,"dictionary":"dict-1","targetRatio":50.0},
                 "targetPath":"edge/swerves","deviceSelector":{"deviceType":"VEHICLE","attributes":{"model":"m1"}}}""";

        DataFlowCreatedEvent event = events.deserialize(new SimpleSerializedObject<>(stored.getBytes(StandardCharsets.UTF_8), byte[].class,
                DataFlowCreatedEvent.class.getName(), null));

        assertThat(event.compressionRule().dictionary()).isEqualTo("dict-1");
        assertThat(event.targetPath()).isEqualTo("edge/swerves");
        assertThat(event.flowRule().trigger().expression()).isEqualTo("speed > 20.0");
        assertThat(event.dictionary()).as("not carried by events stored before it was").isNull();
    }

    @Test
    void aCollectFlowEventCarryingItsDictionarySurvivesTheEventSerializer() {
        DataFlowCreatedEvent created = new DataFlowCreatedEvent(new DataFlowId("flow-3"), "acme", "swerves",
                new FlowRule(null, null, null, new CollectionTrigger(List.of(CollectionTrigger.Kind.TAKEOVER), null, 5.0, 3.0, 2)),
                new FlowAction(FlowAction.Type.COLLECT, null, null, null, false), Instant.parse("2026-12-05T08:00:00Z"),
                new CompressionRule("zstd", 19, "dict-1", 50.0), "edge/swerves", new DeviceSelector("VEHICLE", Map.of()),
                new CollectionDictionary("dict-1", "s3://fleetloop/tenants/acme/dictionaries/m1.zdict", "ab".repeat(32), 22_031));

        SerializedObject<byte[]> stored = events.serialize(created, byte[].class);

        assertThat((DataFlowCreatedEvent) events.deserialize(stored)).isEqualTo(created);
    }
}
