package io.fleetloop.projections.orchestration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.orchestration.DataFlowCreatedEvent;
import io.fleetloop.api.orchestration.DataFlowId;
import io.fleetloop.api.orchestration.FlowAction;
import io.fleetloop.api.orchestration.FlowRule;
import io.fleetloop.api.orchestration.OrchestrationTaskCreatedEvent;
import io.fleetloop.api.orchestration.OrchestrationTaskId;
import io.fleetloop.api.orchestration.OrchestrationTaskType;
import io.fleetloop.projections.support.ReadModelDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DataFlowProjectionTest {

    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");
    private static final FlowAction ANNOTATE = new FlowAction(FlowAction.Type.ANNOTATE, AnnotationType.BOX_3D, null, null, false);

    private final JdbcClient jdbc = ReadModelDatabase.jdbc();
    private final DataFlowProjection projection = new DataFlowProjection(jdbc, new ObjectMapper().findAndRegisterModules());

    private DataFlowId created() throws Exception {
        DataFlowId flow = new DataFlowId(UUID.randomUUID().toString());
        projection.on(new DataFlowCreatedEvent(flow, "acme", "lidar", new FlowRule(null, Modality.LIDAR, "drives/**"), ANNOTATE, AT));
        return flow;
    }

    private void dispatched(DataFlowId flow) {
        projection.on(new OrchestrationTaskCreatedEvent(new OrchestrationTaskId(UUID.randomUUID().toString()), "acme",
                OrchestrationTaskType.ANNOTATION, flow, "ing-1", "ann-1", List.of(new AssetId("a1")), AT));
    }

    private int dispatchCount(DataFlowId flow) {
        return jdbc.sql("select dispatch_count from data_flow_view where flow_id = ?").param(flow.value()).query(Integer.class).single();
    }

    @Test
    void aNewFlowIsListedWithItsRuleAndNoDispatches() throws Exception {
        DataFlowId flow = created();

        assertThat(dispatchCount(flow)).isZero();
        assertThat(jdbc.sql("select flow_rule ->> 'pathPattern' from data_flow_view where flow_id = ?").param(flow.value())
                .query(String.class).single()).isEqualTo("drives/**");
    }

    @Test
    void everyDispatchOfTheFlowIsCounted() throws Exception {
        DataFlowId flow = created();

        dispatched(flow);
        dispatched(flow);

        assertThat(dispatchCount(flow)).isEqualTo(2);
    }

    @Test
    void aFlowCreatedAgainByARedeliveredEventKeepsItsCount() throws Exception {
        DataFlowId flow = created();
        dispatched(flow);

        projection.on(new DataFlowCreatedEvent(flow, "acme", "lidar", new FlowRule(null, Modality.LIDAR, "drives/**"), ANNOTATE, AT));

        assertThat(dispatchCount(flow)).isEqualTo(1);
    }

    @Test
    void aBackfillsIngestionDispatchedByNoFlowCountsForNoFlow() throws Exception {
        DataFlowId flow = created();

        projection.on(new OrchestrationTaskCreatedEvent(new OrchestrationTaskId(UUID.randomUUID().toString()), "acme",
                OrchestrationTaskType.INGESTION, null, null, "ing-2", List.of(), AT));

        assertThat(dispatchCount(flow)).isZero();
    }

    @Test
    void resetClearsEveryFlow() throws Exception {
        created();

        projection.reset();

        assertThat(jdbc.sql("select count(*) from data_flow_view").query(Long.class).single()).isZero();
    }
}
