package io.fleetloop.command.orchestration;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fleetloop.api.orchestration.DataFlowCreatedEvent;
import io.fleetloop.api.orchestration.FlowAction;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A DataFlowCreatedEvent stored before edge collection still reads: the new fields are null, the rest unchanged. */
class DataFlowEventCompatibilityTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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
    }
}
