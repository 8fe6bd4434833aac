package io.fleetloop.command.orchestration;

import io.fleetloop.command.common.CollectionDictionaries;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.PreLabelConfig;
import io.fleetloop.api.annotation.QcPolicy;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.CollectionDictionary;
import io.fleetloop.api.orchestration.CollectionTrigger;
import io.fleetloop.api.orchestration.CompressionRule;
import io.fleetloop.api.orchestration.CreateDataFlowCommand;
import io.fleetloop.api.orchestration.DeviceSelector;
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
import java.util.List;
import java.util.Map;

class DataFlowTest {

    private static final DataFlowId FLOW = new DataFlowId("flow-1");
    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");
    private static final CollectionDictionary DICT_1 = new CollectionDictionary("dict-1", "s3://b/tenants/acme/d", "ab", 2);
    private static final FlowRule LIDAR_DRIVES = new FlowRule("src-1", Modality.LIDAR, "drives/**/*.pcd");
    private static final FlowAction ANNOTATE_BOXES = new FlowAction(FlowAction.Type.ANNOTATE, AnnotationType.BOX_3D,
            new PreLabelConfig(PreLabelConfig.Labeler.BUILTIN_LIDAR, null, 0.3), new QcPolicy(0.1), true);

    private AggregateTestFixture<DataFlow> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DataFlow.class);
        fixture.registerInjectableResource(Clock.fixed(AT, ZoneOffset.UTC));
        fixture.registerInjectableResource(new CollectionRuleCheck(60.0, EdgeCollectionProperties.DEFAULT_SIGNALS));
        fixture.registerInjectableResource((CollectionDictionaries) (tenant, assetId) -> "acme".equals(tenant) && "dict-1".equals(assetId)
                ? java.util.Optional.of(DICT_1) : java.util.Optional.empty());
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
                .expectException(FleetloopException.class).expectExceptionMessage("action.type: required (ANNOTATE or COLLECT)")
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

    private static final FlowAction COLLECT = new FlowAction(FlowAction.Type.COLLECT, null, null, null, false);
    private static final CompressionRule ZSTD = new CompressionRule("zstd", 19, null, 50.0);
    private static final DeviceSelector VEHICLES = new DeviceSelector("VEHICLE", Map.of("model", "m1"));

    private static FlowRule trigger(String expression, double pre, double post) {
        return new FlowRule(null, null, null, new CollectionTrigger(List.of(CollectionTrigger.Kind.TAKEOVER, CollectionTrigger.Kind.EXPRESSION),
                expression, pre, post, 6));
    }

    private CreateDataFlowCommand collect(FlowRule rule) {
        return new CreateDataFlowCommand(FLOW, "acme", "swerves", rule, COLLECT, ZSTD, "edge/swerves", VEHICLES);
    }

    @Test
    void aCollectionFlowWithAValidCelExpressionIsCreatedWithItsEdgeFields() {
        FlowRule rule = trigger("speed > 20.0 && abs(yaw_rate) > 0.5", 10, 5);
        fixture.givenNoPriorActivity()
                .when(collect(rule))
                .expectEvents(new DataFlowCreatedEvent(FLOW, "acme", "swerves", rule, COLLECT, AT, ZSTD, "edge/swerves", VEHICLES));
    }

    @Test
    void integerLiteralsMinAndMaxAreAcceptedInAnExpression() {
        FlowRule rule = trigger("max(speed, 0.0) > 20 || min(brake_pressure, accel_x) < -3", 10, 5);
        fixture.givenNoPriorActivity().when(collect(rule)).expectSuccessfulHandlerExecution();
    }

    @Test
    void anExpressionThatDoesNotParseIsRefusedWithItsPosition() {
        fixture.givenNoPriorActivity()
                .when(collect(trigger("speed > && yaw_rate", 10, 5)))
                .expectException(FleetloopException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.startsWith("flowRule.trigger.expression: at line 1, column 9: "))
                .expectNoEvents();
    }

    @Test
    void anUnknownSignalIsRefusedWithItsPosition() {
        fixture.givenNoPriorActivity()
                .when(collect(trigger("speed > 20.0 && abs(yaw_rat) > 0.5", 10, 5)))
                .expectException(FleetloopException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.startsWith("flowRule.trigger.expression: at line 1, column 21: "),
                        org.hamcrest.Matchers.containsString("yaw_rat")))
                .expectNoEvents();
    }

    @Test
    void anExpressionThatIsNotABoolIsRefused() {
        fixture.givenNoPriorActivity()
                .when(collect(trigger("speed + 1.0", 10, 5)))
                .expectException(FleetloopException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.startsWith("flowRule.trigger.expression: at line 1"))
                .expectNoEvents();
    }

    @Test
    void aWindowLongerThanTheRingBufferIsRefusedNamingTheLimit() {
        fixture.givenNoPriorActivity()
                .when(collect(trigger("speed > 20.0", 61, 5)))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("flowRule.trigger.preSeconds: more than 0 and at most the ring buffer's 60.0 s"
                        + " (fleetloop.edge-collection.max-window-seconds)")
                .expectNoEvents();
    }

    @Test
    void aZeroPostWindowIsRefused() {
        fixture.givenNoPriorActivity()
                .when(collect(trigger("speed > 20.0", 10, 0)))
                .expectException(FleetloopException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.startsWith("flowRule.trigger.postSeconds: "))
                .expectNoEvents();
    }

    @Test
    void anExpressionKindWithoutAnExpressionIsRefused() {
        fixture.givenNoPriorActivity()
                .when(collect(trigger(null, 10, 5)))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("flowRule.trigger.expression: given exactly when kinds contains EXPRESSION")
                .expectNoEvents();
    }

    @Test
    void aCodecOtherThanZstdIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateDataFlowCommand(FLOW, "acme", "swerves", trigger("speed > 1.0", 10, 5), COLLECT,
                        new CompressionRule("gzip", 3, null, 50.0), "edge/swerves", VEHICLES))
                .expectException(FleetloopException.class).expectExceptionMessage("compressionRule.codec: zstd")
                .expectNoEvents();
    }

    @Test
    void aDictionaryMustBeAnAssetOfTheTenant() {
        CompressionRule withDictionary = new CompressionRule("zstd", 19, "dict-1", 50.0);
        fixture.givenNoPriorActivity()
                .when(new CreateDataFlowCommand(FLOW, "acme", "swerves", trigger("speed > 1.0", 10, 5), COLLECT, withDictionary,
                        "edge/swerves", VEHICLES))
                .expectSuccessfulHandlerExecution();
        fixture.givenNoPriorActivity()
                .when(new CreateDataFlowCommand(FLOW, "other", "swerves", trigger("speed > 1.0", 10, 5), COLLECT, withDictionary,
                        "edge/swerves", VEHICLES))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("compressionRule.dictionary: the id of an asset of this tenant (a trained zstd dictionary)")
                .expectNoEvents();
    }

    @Test
    void aFlowNamingADictionaryCarriesWhatTheCheckFound() {
        CompressionRule withDictionary = new CompressionRule("zstd", 19, "dict-1", 50.0);
        FlowRule rule = trigger("speed > 1.0", 10, 5);
        fixture.givenNoPriorActivity()
                .when(new CreateDataFlowCommand(FLOW, "acme", "swerves", rule, COLLECT, withDictionary, "edge/swerves", VEHICLES))
                .expectEvents(new DataFlowCreatedEvent(FLOW, "acme", "swerves", rule, COLLECT, AT, withDictionary, "edge/swerves", VEHICLES,
                        DICT_1));
    }

    @Test
    void anAnnotateFlowWithATriggerIsRefused() {
        fixture.givenNoPriorActivity()
                .when(create("mixed", trigger("speed > 1.0", 10, 5), ANNOTATE_BOXES))
                .expectException(FleetloopException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.startsWith("action.type: COLLECT for a flow with a trigger"))
                .expectNoEvents();
    }
}
