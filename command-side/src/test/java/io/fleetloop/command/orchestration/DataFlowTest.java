package io.fleetloop.command.orchestration;

import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.PreLabelConfig;
import io.fleetloop.api.annotation.QcPolicy;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.CreateDataFlowCommand;
import io.fleetloop.api.orchestration.DataFlowCreatedEvent;
import io.fleetloop.api.orchestration.DataFlowId;
import io.fleetloop.api.orchestration.FlowAction;
import io.fleetloop.api.orchestration.FlowRule;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

class DataFlowTest {

    private static final DataFlowId FLOW = new DataFlowId("flow-1");
    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");
    private static final FlowRule LIDAR_DRIVES = new FlowRule("src-1", Modality.LIDAR, "drives/**/*.pcd");
    private static final FlowAction ANNOTATE_BOXES = new FlowAction(FlowAction.Type.ANNOTATE, AnnotationType.BOX_3D,
            new PreLabelConfig(PreLabelConfig.Labeler.BUILTIN_LIDAR, null, 0.3), new QcPolicy(0.1), true);

    private AggregateTestFixture<DataFlow> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DataFlow.class);
        fixture.registerInjectableResource(Clock.fixed(AT, ZoneOffset.UTC));
    }

    private CreateDataFlowCommand create(String name, FlowRule rule, FlowAction action) {
        return new CreateDataFlowCommand(FLOW, "acme", name, rule, action);
    }

    @Test
    void aValidFlowIsCreatedWithItsRuleAndAction() {
        fixture.givenNoPriorActivity()
                .when(create("night lidar", LIDAR_DRIVES, ANNOTATE_BOXES))
                .expectEvents(new DataFlowCreatedEvent(FLOW, "acme", "night lidar", LIDAR_DRIVES, ANNOTATE_BOXES, AT));
    }

    @Test
    void aFlowWithoutARuleMatchesEveryCompletedIngestion() {
        fixture.givenNoPriorActivity()
                .when(create("everything", null, ANNOTATE_BOXES))
                .expectEvents(new DataFlowCreatedEvent(FLOW, "acme", "everything", new FlowRule(null, null, null), ANNOTATE_BOXES, AT));
    }

    @Test
    void aNameWithForbiddenCharactersIsRefused() {
        fixture.givenNoPriorActivity()
                .when(create("<script>", LIDAR_DRIVES, ANNOTATE_BOXES))
                .expectException(FleetloopException.class).expectExceptionMessage("name: 1-128 letters, digits, spaces or _ . : / -")
                .expectNoEvents();
    }

    @Test
    void aPathPatternThatIsNotAGlobIsRefused() {
        fixture.givenNoPriorActivity()
                .when(create("broken", new FlowRule(null, null, "drives/[abc"), ANNOTATE_BOXES))
                .expectException(FleetloopException.class).expectExceptionMessage("flowRule.pathPattern: is not a valid glob")
                .expectNoEvents();
    }

    @Test
    void aFlowWithoutAnActionTypeIsRefused() {
        fixture.givenNoPriorActivity()
                .when(create("no action", LIDAR_DRIVES, new FlowAction(null, AnnotationType.BOX_3D, null, null, false)))
                .expectException(FleetloopException.class).expectExceptionMessage("action.type: required (ANNOTATE)")
                .expectNoEvents();
    }

    @Test
    void theBuiltInLidarLabelerIsRefusedForTwoDimensionalBoxes() {
        FlowAction boxes2d = new FlowAction(FlowAction.Type.ANNOTATE, AnnotationType.BOX_2D,
                new PreLabelConfig(PreLabelConfig.Labeler.BUILTIN_LIDAR, null, 0.3), null, true);
        fixture.givenNoPriorActivity()
                .when(create("camera", LIDAR_DRIVES, boxes2d))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("action.preLabelConfig.labeler: BUILTIN_LIDAR labels BOX_3D tasks")
                .expectNoEvents();
    }

    @Test
    void anHttpLabelerWithoutAnHttpEndpointIsRefused() {
        FlowAction http = new FlowAction(FlowAction.Type.ANNOTATE, AnnotationType.BOX_2D,
                new PreLabelConfig(PreLabelConfig.Labeler.HTTP, "ftp://model", 0.5), null, true);
        fixture.givenNoPriorActivity()
                .when(create("model", LIDAR_DRIVES, http))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("action.preLabelConfig.endpoint: an http(s) URL of the model endpoint")
                .expectNoEvents();
    }
}
