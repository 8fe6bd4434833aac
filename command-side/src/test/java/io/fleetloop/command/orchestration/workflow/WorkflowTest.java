package io.fleetloop.command.orchestration.workflow;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.orchestration.workflow.BuiltinOperators;
import io.fleetloop.api.orchestration.workflow.CreateWorkflowCommand;
import io.fleetloop.api.orchestration.workflow.DisableWorkflowCommand;
import io.fleetloop.api.orchestration.workflow.EnableWorkflowCommand;
import io.fleetloop.api.orchestration.workflow.MissedRunPolicy;
import io.fleetloop.api.orchestration.workflow.OperatorKind;
import io.fleetloop.api.orchestration.workflow.OperatorRef;
import io.fleetloop.api.orchestration.workflow.OperatorVersionDefinition;
import io.fleetloop.api.orchestration.workflow.ParameterSpec;
import io.fleetloop.api.orchestration.workflow.ReviseWorkflowCommand;
import io.fleetloop.api.orchestration.workflow.RunTrigger;
import io.fleetloop.api.orchestration.workflow.RecordWorkflowRunRefusedCommand;
import io.fleetloop.api.orchestration.workflow.StartWorkflowRunCommand;
import io.fleetloop.api.orchestration.workflow.WorkflowRunRefusedEvent;
import io.fleetloop.api.orchestration.workflow.StepSpec;
import io.fleetloop.api.orchestration.workflow.WorkflowCreatedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowDisabledEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowEnabledEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowId;
import io.fleetloop.api.orchestration.workflow.WorkflowRevisedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowRevision;
import io.fleetloop.api.orchestration.workflow.WorkflowRunId;
import io.fleetloop.api.orchestration.workflow.WorkflowRunRequestedEvent;
import io.fleetloop.api.orchestration.workflow.WorkflowState;
import io.fleetloop.api.orchestration.workflow.WorkflowTrigger;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkflowTest {

    private static final WorkflowId FLOW = new WorkflowId("wf-1");
    private static final Instant AT = Instant.parse("2026-12-04T08:00:00Z");
    private static final String HTTP_OP = "op-http";

    /** The tenant acme has operator op-http in versions 1 and 2 (v2 added a required integer parameter). */
    private static final class Operators implements OperatorResolver {
        final Map<Integer, OperatorVersionDefinition> versions = new HashMap<>(Map.of(
                1, new OperatorVersionDefinition(1, Map.of("url", "http://x/1"), List.of("in"), List.of("out"), Map.of()),
                2, new OperatorVersionDefinition(2, Map.of("url", "http://x/2"), List.of("in"), List.of("out"),
                        Map.of("limit", new ParameterSpec("integer", true, null)))));

        @Override
        public Optional<Resolved> resolve(String tenantId, String operatorId, Integer version) {
            var builtin = BuiltinOperators.byId(operatorId);
            if (builtin.isPresent()) {
                var d = builtin.get().version();
                return Optional.of(new Resolved(new OperatorRef(operatorId, 1, OperatorKind.BUILTIN, d.spec()), d));
            }
            if (!tenantId.equals("acme") || !operatorId.equals(HTTP_OP)) return Optional.empty();
            OperatorVersionDefinition d = versions.get(version == null ? 2 : version);
            return Optional.ofNullable(d).map(v -> new Resolved(new OperatorRef(HTTP_OP, v.version(), OperatorKind.HTTP, v.spec()), v));
        }

        @Override
        public boolean exists(String tenantId, String operatorId) {
            return BuiltinOperators.byId(operatorId).isPresent() || tenantId.equals("acme") && operatorId.equals(HTTP_OP);
        }
    }

    private final WorkflowRevisionCheck check = new WorkflowRevisionCheck(new Operators());
    private AggregateTestFixture<Workflow> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Workflow.class);
        fixture.registerInjectableResource(Clock.fixed(AT, ZoneOffset.UTC));
        fixture.registerInjectableResource(check);
    }

    private static List<StepSpec> twoNodes() {
        return List.of(new StepSpec("source", "builtin:echo", null, Map.of(), null, Map.of("message", "hi"), null, null, null),
                new StepSpec("call", HTTP_OP, 1, Map.of("in", "source.out"), null, Map.of(), null, Duration.ofSeconds(30), null));
    }

    private static final Map<String, ParameterSpec> RUN_INPUTS = Map.of("day", new ParameterSpec("string", true, null));

    private WorkflowRevision revision1() {
        return check.check(1, "acme", "daily", "Europe/Berlin", twoNodes(), RUN_INPUTS, List.of(), AT);
    }

    private WorkflowCreatedEvent created() {
        return new WorkflowCreatedEvent(FLOW, "acme", WorkflowState.ENABLED, revision1(), AT);
    }

    @Test
    void aValidWorkflowIsCreatedWithRevisionOneAndItsOperatorsPinned() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkflowCommand(FLOW, "acme", "daily", "Europe/Berlin", twoNodes(), RUN_INPUTS, List.of(), true))
                .expectEvents(created());
        WorkflowRevision revision = revision1();
        assertThat(revision.dag().nodes().get(1).operator()).isEqualTo(new OperatorRef(HTTP_OP, 1, OperatorKind.HTTP, Map.of("url", "http://x/1")));
        assertThat(revision.dag().nodes().get(0).operator().spec()).isEqualTo(Map.of("job", "echo"));
    }

    @Test
    void aRevisionIsNumberedNextAndLeavesTheFirstAsItWas() {
        List<StepSpec> nodes = List.of(twoNodes().get(0),
                new StepSpec("call", HTTP_OP, null, Map.of("in", "source.out"), null, Map.of("limit", 5), null, null, null));
        WorkflowRevision two = check.check(2, "acme", "daily", "Europe/Berlin", nodes, RUN_INPUTS, List.of(), AT);
        fixture.given(created())
                .when(new ReviseWorkflowCommand(FLOW, "acme", "daily", "Europe/Berlin", nodes, RUN_INPUTS, List.of()))
                .expectEvents(new WorkflowRevisedEvent(FLOW, "acme", WorkflowState.ENABLED, two))
                .expectResultMessagePayload(2);
        assertThat(two.dag().nodes().get(1).operator().version()).isEqualTo(2);
    }

    @Test
    void aManualRunOfAnEnabledWorkflowIsRequestedWithTheDagOfItsRevision() {
        WorkflowRunId run = new WorkflowRunId("run-1");
        fixture.given(created())
                .when(new StartWorkflowRunCommand(FLOW, "acme", run, null, Map.of("day", "2026-12-04"), RunTrigger.manual("alice")))
                .expectEvents(new WorkflowRunRequestedEvent(FLOW, "acme", run, 1, revision1().dag(), Map.of("day", "2026-12-04"),
                        RunTrigger.manual("alice"), AT));
    }

    @Test
    void aRepeatedRunIdStartsNothingNew() {
        WorkflowRunId run = new WorkflowRunId("run-1");
        fixture.given(created(), new WorkflowRunRequestedEvent(FLOW, "acme", run, 1, revision1().dag(), Map.of("day", "x"), RunTrigger.manual("alice"), AT))
                .when(new StartWorkflowRunCommand(FLOW, "acme", run, null, Map.of("day", "x"), RunTrigger.manual("alice")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aDisabledWorkflowRefusesEveryRun() {
        fixture.given(created(), new WorkflowDisabledEvent(FLOW, "acme", AT))
                .when(new StartWorkflowRunCommand(FLOW, "acme", new WorkflowRunId("run-2"), null, Map.of(),
                        new RunTrigger(RunTrigger.Kind.SCHEDULE, "schedule", AT, null, null)))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("workflow wf-1 is disabled: no run starts")
                .expectNoEvents();
    }

    @Test
    void disablingAndEnablingAreEventsOnlyWhenTheyChangeTheState() {
        fixture.given(created()).when(new DisableWorkflowCommand(FLOW, "acme")).expectEvents(new WorkflowDisabledEvent(FLOW, "acme", AT));
        fixture.given(created()).when(new EnableWorkflowCommand(FLOW, "acme")).expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(created(), new WorkflowDisabledEvent(FLOW, "acme", AT)).when(new EnableWorkflowCommand(FLOW, "acme"))
                .expectEvents(new WorkflowEnabledEvent(FLOW, "acme", revision1(), AT));
    }

    @Test
    void runInputsAreCheckedAgainstTheDeclaredOnes() {
        fixture.given(created())
                .when(new StartWorkflowRunCommand(FLOW, "acme", new WorkflowRunId("r"), null, Map.of("day", 3), RunTrigger.manual("alice")))
                .expectException(FleetloopException.class).expectExceptionMessage("inputs.day: must be a string").expectNoEvents();
        fixture.given(created())
                .when(new StartWorkflowRunCommand(FLOW, "acme", new WorkflowRunId("r"), null, Map.of(), RunTrigger.manual("alice")))
                .expectException(FleetloopException.class).expectExceptionMessage("inputs.day: required string").expectNoEvents();
    }

    @Test
    void anotherTenantsCommandIsAnsweredAsNotFound() {
        fixture.given(created())
                .when(new DisableWorkflowCommand(FLOW, "mallory"))
                .expectException(FleetloopException.class).expectExceptionMessage("workflow wf-1 was not found").expectNoEvents();
    }

    @Test
    void invalidRevisionsAreRefusedNamingNodeAndField() {
        assertRefused(List.of(new StepSpec("a", "builtin:echo", null, Map.of("x", "b.out"), null, null, null, null, null),
                new StepSpec("b", "builtin:echo", null, Map.of("x", "a.out"), null, null, null, null, null)), List.of(), "the DAG has a cycle");
        assertRefused(List.of(new StepSpec("call", HTTP_OP, 1, Map.of("in", "nowhere.out"), null, null, null, null, null)), List.of(),
                "nodes[call].inputs.in: not wired to an existing node output");
        assertRefused(List.of(new StepSpec("call", HTTP_OP, 1, Map.of(), null, null, null, null, null)), List.of(), "nodes[call].inputs.in: not wired");
        assertRefused(List.of(new StepSpec("x", "nope", null, null, null, null, null, null, null)), List.of(), "nodes[x].operatorId: unknown operator nope");
        assertRefused(List.of(new StepSpec("x", HTTP_OP, 7, Map.of("in", "$run.day"), null, null, null, null, null)), List.of(), "nodes[x].operatorVersion");
        assertRefused(List.of(new StepSpec("x", "builtin:echo", null, null, null, Map.of("message", 5), null, null, null)), List.of(),
                "nodes[x].parameters.message: must be a string");
        assertRefused(List.of(new StepSpec("x", "builtin:echo", null, null, null, null, null, null, null)),
                List.of(new WorkflowTrigger(WorkflowTrigger.Kind.SCHEDULE, "every day", null, MissedRunPolicy.SKIP, null, null, null)),
                "triggers[0].cron");
    }

    @Test
    void builtInJobsAreRefusedWithoutWhatTheyNeedOrWithAValueTheyDoNotKnow() {
        assertRefused(List.of(new StepSpec("export", "builtin:export-dataset", null, null, null, Map.of("format", "kitti"), null, null, null)),
                List.of(), "nodes[export].parameters.taskId: required by builtin:export-dataset");
        assertRefused(List.of(new StepSpec("export", "builtin:export-dataset", null, Map.of("taskId", "$run.day"), null, Map.of("format", "png"),
                null, null, null)), List.of(), "nodes[export].parameters.format: one of coco, kitti");
        assertRefused(List.of(new StepSpec("mine", "builtin:mine-scenes", null, null, null, Map.of(), null, null, null)), List.of(),
                "nodes[mine].parameters.assetIds: required by builtin:mine-scenes: one of [assetIds, filter]");
        assertRefused(List.of(new StepSpec("mine", "builtin:mine-scenes", null, null, null,
                Map.of("assetIds", List.of("a"), "filter", Map.of("modality", "LIDAR")), null, null, null)), List.of(),
                "nodes[mine].parameters.filter: give only one of [assetIds, filter]");
        assertRefused(List.of(new StepSpec("diagnose", "builtin:diagnose-logs", null, null, null, Map.of("batchId", 5), null, null, null)),
                List.of(), "nodes[diagnose].parameters.batchId: must be a string");
        WorkflowRevision wired = check.check(1, "acme", "ok", "UTC", List.of(new StepSpec("diagnose", "builtin:diagnose-logs", null,
                Map.of("batchId", "$run.day"), null, Map.of(), null, null, null)), RUN_INPUTS, List.of(), AT);
        assertThat(wired.dag().nodes()).hasSize(1);
    }

    @Test
    void aScheduleSlotRefusedAtDispatchIsRecordedOnceAndNeverStartsLater() {
        WorkflowRunId slot = new WorkflowRunId("slot-1");
        RunTrigger trigger = new RunTrigger(RunTrigger.Kind.SCHEDULE, "schedule", AT, null, null);
        WorkflowRunRefusedEvent refused = new WorkflowRunRefusedEvent(FLOW, "acme", slot, 1, trigger, "QUOTA_EXCEEDED",
                "workflow-node-seconds", 1, 2, AT);
        fixture.given(created())
                .when(new RecordWorkflowRunRefusedCommand(FLOW, "acme", slot, trigger, "QUOTA_EXCEEDED", "workflow-node-seconds", 1, 2))
                .expectEvents(refused);
        fixture.given(created(), refused)
                .when(new RecordWorkflowRunRefusedCommand(FLOW, "acme", slot, trigger, "QUOTA_EXCEEDED", "workflow-node-seconds", 1, 2))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(created(), refused)
                .when(new StartWorkflowRunCommand(FLOW, "acme", slot, null, Map.of(), trigger))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    private void assertRefused(List<StepSpec> nodes, List<WorkflowTrigger> triggers, String message) {
        assertThatThrownBy(() -> check.check(1, "acme", "bad", "UTC", nodes, RUN_INPUTS, triggers, AT))
                .isInstanceOf(FleetloopException.class).hasMessageContaining(message);
    }
}
