package io.fleetloop.command.orchestration.run;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.workflow.CancelWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.CompleteNodeExecutionCommand;
import io.fleetloop.api.orchestration.workflow.CreateWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.FailNodeExecutionCommand;
import io.fleetloop.api.orchestration.workflow.NodeExecutionFailedEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionQueuedEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionRetryingEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionSkippedEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionStartedEvent;
import io.fleetloop.api.orchestration.workflow.NodeExecutionSucceededEvent;
import io.fleetloop.api.orchestration.workflow.NodeStartOutcome;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import io.fleetloop.api.orchestration.workflow.OperatorRef;
import io.fleetloop.api.orchestration.workflow.RerunWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.RetryPolicy;
import io.fleetloop.api.orchestration.workflow.RunContextPatchedEvent;
import io.fleetloop.api.orchestration.workflow.RunTrigger;
import io.fleetloop.api.orchestration.workflow.StartNodeExecutionCommand;
import io.fleetloop.api.orchestration.workflow.WorkflowDag;
import io.fleetloop.api.orchestration.workflow.WorkflowId;
import io.fleetloop.api.orchestration.workflow.WorkflowNode;
import io.fleetloop.api.orchestration.workflow.WorkflowRunCancelledEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRunFailedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRunId;
import io.fleetloop.api.orchestration.workflow.WorkflowRunRerunStartedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRunStartedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRunSucceededEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkflowRunTest {

    static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");
    static final WorkflowRunId RUN = new WorkflowRunId("run-1");
    static final WorkflowId WORKFLOW = new WorkflowId("wf-1");
    static final String TENANT = "t1";
    static final OperatorRef ECHO = new OperatorRef("echo", 1, OperatorKind.BUILTIN, Map.of("job", "echo"));
    static final RetryPolicy TWICE = new RetryPolicy(2, Duration.ofSeconds(5), 2.0);

    private AggregateTestFixture<WorkflowRun> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(WorkflowRun.class);
        fixture.registerInjectableResource(Clock.fixed(AT, ZoneOffset.UTC));
    }

    static WorkflowNode node(String id, Map<String, String> inputs) {
        return new WorkflowNode(id, ECHO, inputs, List.of("x"), Map.of(), TWICE, null, null);
    }

    /** a → (b, c) → d */
    static final WorkflowDag DIAMOND = new WorkflowDag(List.of(
            node("a", Map.of("x", "$run.x")),
            node("b", Map.of("x", "a.x")),
            node("c", Map.of("x", "a.x")),
            node("d", Map.of("left", "b.x", "right", "c.x"))));

    static WorkflowRunStartedEvent started() {
        return new WorkflowRunStartedEvent(RUN, TENANT, WORKFLOW, 1, DIAMOND, Map.of("x", 7), RunTrigger.manual("ann"), AT);
    }

    static NodeExecutionQueuedEvent queued(String node, int attempt, Map<String, Object> inputs, Instant notBefore) {
        WorkflowNode n = DIAMOND.nodes().stream().filter(x -> x.nodeId().equals(node)).findFirst().orElseThrow();
        return new NodeExecutionQueuedEvent(RUN, TENANT, WORKFLOW, node, attempt, n, inputs, notBefore, AT);
    }

    static NodeExecutionStartedEvent startedNode(String node, int attempt) {
        return new NodeExecutionStartedEvent(RUN, TENANT, node, attempt, "job", AT);
    }

    static NodeExecutionSucceededEvent succeeded(String node, int value) {
        return new NodeExecutionSucceededEvent(RUN, TENANT, node, 1, Map.of("x", value), List.of(), null, AT);
    }

    @Test
    void aRequestedRunStartsAndQueuesOnlyTheNodesWithoutUpstream() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkflowRunCommand(RUN, TENANT, WORKFLOW, 1, DIAMOND, Map.of("x", 7), RunTrigger.manual("ann"), AT))
                .expectEvents(started(), queued("a", 1, Map.of("x", 7), AT));
    }

    @Test
    void aRunRequestedAgainCreatesNothingNew() {
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT))
                .when(new CreateWorkflowRunCommand(RUN, TENANT, WORKFLOW, 1, DIAMOND, Map.of("x", 7), RunTrigger.manual("ann"), AT))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void nodesWhoseUpstreamSucceededAreQueuedInParallelWithTheirInputsResolved() {
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT), startedNode("a", 1))
                .when(new CompleteNodeExecutionCommand(RUN, TENANT, "a", 1, Map.of("x", 8), List.of(), null))
                .expectEvents(succeeded("a", 8),
                        new RunContextPatchedEvent(RUN, TENANT, "a", 1, 1, Map.of("a", Map.of("x", 8)), Map.of("a", Map.of("x", 8)), AT),
                        queued("b", 1, Map.of("x", 8), AT), queued("c", 1, Map.of("x", 8), AT));
    }

    @Test
    void theJoinNodeWaitsForAllItsUpstreamNodes() {
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT), startedNode("a", 1), succeeded("a", 8),
                        queued("b", 1, Map.of("x", 8), AT), queued("c", 1, Map.of("x", 8), AT), startedNode("b", 1), startedNode("c", 1))
                .when(new CompleteNodeExecutionCommand(RUN, TENANT, "b", 1, Map.of("x", 9), List.of(), null))
                .expectEvents(succeeded("b", 9),
                        new RunContextPatchedEvent(RUN, TENANT, "b", 1, 1, Map.of("b", Map.of("x", 9)), Map.of("b", Map.of("x", 9)), AT));
    }

    @Test
    void theLastNodeSucceedingSucceedsTheRun() {
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT), startedNode("a", 1), succeeded("a", 8),
                        queued("b", 1, Map.of("x", 8), AT), queued("c", 1, Map.of("x", 8), AT), startedNode("b", 1), startedNode("c", 1),
                        succeeded("b", 9), succeeded("c", 10), queued("d", 1, Map.of("left", 9, "right", 10), AT), startedNode("d", 1))
                .when(new CompleteNodeExecutionCommand(RUN, TENANT, "d", 1, Map.of("x", 1), List.of(), null))
                .expectEvents(succeeded("d", 1),
                        new RunContextPatchedEvent(RUN, TENANT, "d", 1, 1, Map.of("d", Map.of("x", 1)), Map.of("d", Map.of("x", 1)), AT),
                        new io.fleetloop.api.orchestration.workflow.WorkflowRunSucceededEvent(RUN, TENANT, WORKFLOW, AT));
    }

    @Test
    void anAttemptStartsOnceAndARepeatedStartIsReportedLost() {
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT))
                .when(new StartNodeExecutionCommand(RUN, TENANT, "a", 1, "job"))
                .expectEvents(startedNode("a", 1))
                .expectResultMessagePayload(NodeStartOutcome.STARTED);
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT), startedNode("a", 1))
                .when(new StartNodeExecutionCommand(RUN, TENANT, "a", 1, "job"))
                .expectNoEvents().expectResultMessagePayload(NodeStartOutcome.LOST);
    }

    @Test
    void anOldAttemptDoesNotStart() {
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT), startedNode("a", 1),
                        new NodeExecutionRetryingEvent(RUN, TENANT, "a", 1, "boom", null, 2, AT.plusSeconds(5), AT),
                        queued("a", 2, Map.of("x", 7), AT.plusSeconds(5)))
                .when(new StartNodeExecutionCommand(RUN, TENANT, "a", 1, "job"))
                .expectNoEvents().expectResultMessagePayload(NodeStartOutcome.STALE);
    }

    @Test
    void aFailedAttemptIsRetriedAfterTheBackoffWhileThePolicyAllows() {
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT), startedNode("a", 1))
                .when(new FailNodeExecutionCommand(RUN, TENANT, "a", 1, "boom", "log"))
                .expectEvents(new NodeExecutionRetryingEvent(RUN, TENANT, "a", 1, "boom", "log", 2, AT.plusSeconds(5), AT),
                        queued("a", 2, Map.of("x", 7), AT.plusSeconds(5)));
    }

    @Test
    void aReportRepeatedForTheSameAttemptIsIgnored() {
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT), startedNode("a", 1),
                        new NodeExecutionRetryingEvent(RUN, TENANT, "a", 1, "boom", "log", 2, AT.plusSeconds(5), AT),
                        queued("a", 2, Map.of("x", 7), AT.plusSeconds(5)))
                .when(new FailNodeExecutionCommand(RUN, TENANT, "a", 1, "boom", "log"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT), startedNode("a", 1), succeeded("a", 8))
                .when(new CompleteNodeExecutionCommand(RUN, TENANT, "a", 1, Map.of("x", 8), List.of(), null))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void theLastAllowedAttemptFailingFailsTheNodeSkipsItsDownstreamAndFailsTheRun() {
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT), startedNode("a", 1),
                        new NodeExecutionRetryingEvent(RUN, TENANT, "a", 1, "boom", null, 2, AT.plusSeconds(5), AT),
                        queued("a", 2, Map.of("x", 7), AT.plusSeconds(5)), startedNode("a", 2))
                .when(new FailNodeExecutionCommand(RUN, TENANT, "a", 2, "boom again", null))
                .expectEvents(new NodeExecutionFailedEvent(RUN, TENANT, "a", 2, "boom again", null, AT),
                        new NodeExecutionSkippedEvent(RUN, TENANT, "b", "upstream node a failed", AT),
                        new NodeExecutionSkippedEvent(RUN, TENANT, "c", "upstream node a failed", AT),
                        new NodeExecutionSkippedEvent(RUN, TENANT, "d", "upstream node a failed", AT),
                        new WorkflowRunFailedEvent(RUN, TENANT, WORKFLOW, "a", "boom again", AT));
    }

    @Test
    void aRerunFromTheFailedNodeKeepsUpstreamOutputsAndContinuesItsAttempts() {
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT), startedNode("a", 1), succeeded("a", 8),
                        queued("b", 1, Map.of("x", 8), AT), queued("c", 1, Map.of("x", 8), AT), startedNode("b", 1), succeeded("b", 9),
                        startedNode("c", 1), new NodeExecutionFailedEvent(RUN, TENANT, "c", 1, "no", null, AT),
                        new NodeExecutionSkippedEvent(RUN, TENANT, "d", "upstream node c failed", AT),
                        new WorkflowRunFailedEvent(RUN, TENANT, WORKFLOW, "c", "no", AT))
                .when(new RerunWorkflowRunCommand(RUN, TENANT, "c", "ann"))
                .expectEvents(new WorkflowRunRerunStartedEvent(RUN, TENANT, WORKFLOW, "c", List.of("c", "d"), "ann", AT),
                        queued("c", 2, Map.of("x", 8), AT));
    }

    @Test
    void onlyAFailedNodeOfAFailedRunCanBeRerun() {
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT))
                .when(new RerunWorkflowRunCommand(RUN, TENANT, "a", "ann"))
                .expectException(FleetloopException.class);
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT))
                .when(new RerunWorkflowRunCommand(RUN, TENANT, "zz", "ann"))
                .expectException(FleetloopException.class).expectExceptionMessage(org.hamcrest.Matchers.containsString("zz"));
    }

    @Test
    void cancellingStopsRunningNodesSkipsPendingOnesAndNoNodeStartsAfterwards() {
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT), startedNode("a", 1))
                .when(new CancelWorkflowRunCommand(RUN, TENANT, "ann"))
                .expectEvents(new WorkflowRunCancelledEvent(RUN, TENANT, WORKFLOW, List.of("a"), List.of("b", "c", "d"),
                        List.of("workflow-node/run-1/a#1"), "ann", AT));
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT),
                        new WorkflowRunCancelledEvent(RUN, TENANT, WORKFLOW, List.of("a"), List.of("b", "c", "d"), List.of(), "ann", AT))
                .when(new StartNodeExecutionCommand(RUN, TENANT, "a", 1, "job"))
                .expectNoEvents().expectResultMessagePayload(NodeStartOutcome.STALE);
    }

    @Test
    void anotherTenantsCommandIsNotFound() {
        fixture.given(started(), queued("a", 1, Map.of("x", 7), AT))
                .when(new CancelWorkflowRunCommand(RUN, "other", "eve"))
                .expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void backoffGrowsByTheMultiplier() {
        assertThat(WorkflowRun.backoff(TWICE, 1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(WorkflowRun.backoff(TWICE, 2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(WorkflowRun.backoff(RetryPolicy.NONE, 3)).isZero();
    }
}
