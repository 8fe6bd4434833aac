package io.fleetloop.command.orchestration;

import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.orchestration.CreateOrchestrationTaskCommand;
import io.fleetloop.api.orchestration.DataFlowId;
import io.fleetloop.api.orchestration.OrchestrationTaskCreatedEvent;
import io.fleetloop.api.orchestration.OrchestrationTaskId;
import io.fleetloop.api.orchestration.OrchestrationTaskType;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

class OrchestrationTaskTest {

    private static final OrchestrationTaskId TASK = new OrchestrationTaskId("orc-1");
    private static final DataFlowId FLOW = new DataFlowId("flow-1");
    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");
    private static final List<AssetId> ASSETS = List.of(new AssetId("a1"), new AssetId("a2"));

    private AggregateTestFixture<OrchestrationTask> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(OrchestrationTask.class);
        fixture.registerInjectableResource(Clock.fixed(AT, ZoneOffset.UTC));
    }

    private CreateOrchestrationTaskCommand create() {
        return new CreateOrchestrationTaskCommand(TASK, "acme", OrchestrationTaskType.ANNOTATION, FLOW, "ing-1", "ann-1", ASSETS);
    }

    private OrchestrationTaskCreatedEvent created() {
        return new OrchestrationTaskCreatedEvent(TASK, "acme", OrchestrationTaskType.ANNOTATION, FLOW, "ing-1", "ann-1", ASSETS, AT);
    }

    @Test
    void aDispatchIsRecordedWithItsFlowTriggerTargetAndAssets() {
        fixture.givenNoPriorActivity()
                .when(create())
                .expectSuccessfulHandlerExecution()
                .expectEvents(created());
    }

    @Test
    void theSameDispatchRecordedAgainIsANoOp() {
        fixture.given(created())
                .when(create())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
