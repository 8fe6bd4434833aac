package io.fleetloop.command.ota;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.ActionKind;
import io.fleetloop.api.ota.ArtifactRef;
import io.fleetloop.api.ota.BatchStatus;
import io.fleetloop.api.ota.ConfirmCancelCommand;
import io.fleetloop.api.ota.DeviceActionCanceledEvent;
import io.fleetloop.api.ota.DeviceActionProgressedEvent;
import io.fleetloop.api.ota.DeviceRollbackReportedEvent;
import io.fleetloop.api.ota.RecordRollbackResultCommand;
import io.fleetloop.api.ota.CloseBatchCommand;
import io.fleetloop.api.ota.CreateReleaseTaskCommand;
import io.fleetloop.api.ota.DeploymentBatchCompletedEvent;
import io.fleetloop.api.ota.DeploymentBatchStartedEvent;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.DeviceUpdateReportedEvent;
import io.fleetloop.api.ota.GrayPolicy;
import io.fleetloop.api.ota.OTAClosedLoopCompletedEvent;
import io.fleetloop.api.ota.PlannedBatch;
import io.fleetloop.api.ota.RecordDeviceProgressCommand;
import io.fleetloop.api.ota.RecordDeviceResultCommand;
import io.fleetloop.api.ota.ReleasePausedEvent;
import io.fleetloop.api.ota.ReleaseResumedEvent;
import io.fleetloop.api.ota.ReleaseModule;
import io.fleetloop.api.ota.ReleaseStartedEvent;
import io.fleetloop.api.ota.ReleaseTaskCreatedEvent;
import io.fleetloop.api.ota.ReleaseTaskId;
import io.fleetloop.api.ota.ReleaseType;
import io.fleetloop.api.ota.ResumeReleaseCommand;
import io.fleetloop.api.ota.RollbackReleaseCommand;
import io.fleetloop.api.ota.RollbackTriggeredEvent;
import io.fleetloop.api.ota.StartBatchCommand;
import io.fleetloop.api.ota.StartReleaseCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fleetloop.api.ota.DeviceReport;
import io.fleetloop.api.ota.RecordDeviceReportsCommand;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseTaskTest {

    private static final ReleaseTaskId TASK = new ReleaseTaskId("rel-1");
    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");
    private static final GrayPolicy POLICY = new GrayPolicy(List.of(10.0, 20.0, 70.0), 0.5, null, null, 0.9, 0.2, "PT2H", false);
    private static final List<String> DEVICES = IntStream.range(0, 10).mapToObj(i -> "car-" + i).toList();

    private AggregateTestFixture<ReleaseTask> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ReleaseTask.class);
        fixture.registerInjectableResource(Clock.fixed(AT, ZoneOffset.UTC));
        fixture.registerInjectableResource(REGISTRY);
        fixture.registerInjectableResource(ACTION_IDS);
    }

    /** The allocator hands out ids just below the int limit, so the events show they are taken as given, in device order. */
    private static final int FIRST_ID = Integer.MAX_VALUE - 1000;
    private static final ActionIds ACTION_IDS = count -> ids(count);

    private static List<Integer> ids(int count) {
        return IntStream.range(FIRST_ID, FIRST_ID + count).boxed().toList();
    }

    private static final ArtifactRef ARTIFACT = new ArtifactRef("s3://b/model", 42, "a".repeat(64), "b".repeat(40), "c".repeat(32));
    private static final ArtifactRef PREVIOUS = new ArtifactRef("s3://b/model-1.9", 40, "d".repeat(64), "e".repeat(40), "f".repeat(32));

    /** The registry: the first ten cars are VEHICLE devices (robot r1, r2 too); filters and versions are the registry's business. */
    private static final DeviceSelection REGISTRY = new DeviceSelection() {
        @Override
        public List<String> eligible(String tenantId, DeviceType type, Map<String, String> filter, String notOnVersion) {
            return type == DeviceType.VEHICLE ? DEVICES : List.of("r1", "r2");
        }

        @Override
        public List<String> notEligible(String tenantId, DeviceType type, Collection<String> deviceIds) {
            List<String> known = eligible(tenantId, type, Map.of(), null);
            return deviceIds.stream().filter(id -> !known.contains(id)).toList();
        }
    };

    private ReleaseTaskCreatedEvent created(GrayPolicy policy, String previous) {
        return new ReleaseTaskCreatedEvent(TASK, "acme", "v2.0.0", ReleaseType.SOTA, "s3://b/model", DeviceType.VEHICLE, policy, previous,
                "a".repeat(64), 42, AT, "b".repeat(40), "c".repeat(32), previous == null ? null : PREVIOUS);
    }

    private List<PlannedBatch> plan() {
        return ReleaseTask.plan(TASK, POLICY.batchPercentages(), DEVICES);
    }

    private ReleaseStartedEvent started() {
        return new ReleaseStartedEvent(TASK, "acme", plan(), 10, POLICY, AT);
    }

    private DeploymentBatchStartedEvent batchStarted(int index) {
        PlannedBatch batch = plan().get(index);
        return new DeploymentBatchStartedEvent(TASK, "acme", batch.batchId(), index, batch.deviceIds(), AT, ids(batch.deviceIds().size()));
    }

    private DeviceUpdateReportedEvent reported(int batch, String device, boolean success) {
        return new DeviceUpdateReportedEvent(TASK, "acme", plan().get(batch).batchId(), device, success, null, AT, "v2.0.0");
    }

    @Test
    void furtherModulesAreRecordedInOrderAndAnEventStoredBeforeThemReadsAsOneModule() throws Exception {
        List<ReleaseModule> modules = List.of(
                new ReleaseModule("os", "rootfs", "v2.0.0", new ArtifactRef("s3://b/rootfs.img", 7, "d".repeat(64), "e".repeat(40), "f".repeat(32))),
                new ReleaseModule("app", "planner", "p-3", new ArtifactRef("s3://b/planner.tar", 9, "1".repeat(64), "2".repeat(40), "3".repeat(32))));
        ReleaseTaskCreatedEvent created = created(POLICY, "v1.9.0");
        ReleaseTaskCreatedEvent withModules = new ReleaseTaskCreatedEvent(TASK, "acme", "v2.0.0", ReleaseType.SOTA, "s3://b/model",
                DeviceType.VEHICLE, POLICY, "v1.9.0", created.artifactSha256(), created.artifactSizeBytes(), AT, created.artifactSha1(),
                created.artifactMd5(), PREVIOUS, modules);
        fixture.givenNoPriorActivity().when(new CreateReleaseTaskCommand(TASK, "acme", ReleaseType.SOTA, "v2.0.0",
                DeviceType.VEHICLE, POLICY, "v1.9.0", ARTIFACT, PREVIOUS, modules)).expectEvents(withModules);

        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        ObjectNode stored = json.valueToTree(created);
        stored.remove("modules");
        ReleaseTaskCreatedEvent old = json.treeToValue(stored, ReleaseTaskCreatedEvent.class);
        assertThat(old.moduleList()).isEmpty();
        assertThat(old.artifact()).isEqualTo(created.artifact());
        assertThat(json.treeToValue(json.valueToTree(withModules), ReleaseTaskCreatedEvent.class).moduleList()).isEqualTo(modules);
    }

    @Test
    void theTrainingPlatformsPolicyIsCheckedAtCreation() {
        fixture.givenNoPriorActivity().when(new CreateReleaseTaskCommand(TASK, "acme", ReleaseType.SOTA, "v2.0.0",
                DeviceType.VEHICLE, POLICY, "v1.9.0", ARTIFACT, PREVIOUS)).expectEvents(created(POLICY, "v1.9.0"));
        GrayPolicy notHundred = new GrayPolicy(List.of(10.0, 20.0), 24.0, null, null, null, null, null, false);
        fixture.givenNoPriorActivity().when(new CreateReleaseTaskCommand(TASK, "acme", ReleaseType.SOTA, "v2.0.0",
                DeviceType.VEHICLE, notHundred, null, ARTIFACT, null)).expectException(FleetloopException.class)
                .expectExceptionMessage("grayPolicy.batchPercentages: must add up to 100, not 30.0");
        GrayPolicy badInterval = new GrayPolicy(List.of(100.0), null, "tomorrow", null, null, null, null, false);
        fixture.givenNoPriorActivity().when(new CreateReleaseTaskCommand(TASK, "acme", ReleaseType.SOTA, "v2.0.0",
                DeviceType.VEHICLE, badInterval, null, ARTIFACT, null)).expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void devicesAreSplitByTheSharesAndTheLastBatchTakesTheRemainder() {
        List<PlannedBatch> plan = ReleaseTask.plan(TASK, List.of(10.0, 20.0, 70.0), IntStream.range(0, 33).mapToObj(i -> "d" + i).toList());
        assertThat(plan).extracting(b -> b.deviceIds().size()).containsExactly(3, 6, 24);
        assertThat(plan.get(1).deviceIds()).startsWith("d3");
        assertThatThrownBy(() -> ReleaseTask.plan(TASK, List.of(1.0, 99.0), List.of("a", "b", "c")))
                .isInstanceOf(FleetloopException.class).hasMessageContaining("would have no device");
    }

    @Test
    void startingFixesTheEligibleDevicesAndDeploysTheFirstBatch() {
        fixture.given(created(POLICY, null)).when(new StartReleaseCommand(TASK, "acme", DEVICES)).expectEvents(started(), batchStarted(0));
        fixture.given(created(POLICY, null)).when(new StartReleaseCommand(TASK, "acme", null)).expectEvents(started(), batchStarted(0));
        fixture.given(created(POLICY, null)).when(new StartReleaseCommand(TASK, "acme", List.of()))
                .expectException(FleetloopException.class).expectNoEvents();
        fixture.given(created(POLICY, null)).when(new StartReleaseCommand(TASK, "acme", List.of("car-1", "r1", "ghost")))
                .expectException(FleetloopException.class)
                .expectExceptionMessage("deviceIds: 2 are not registered VEHICLE devices: r1, ghost").expectNoEvents();
        fixture.given(created(POLICY, null)).when(new StartReleaseCommand(TASK, "globex", DEVICES))
                .expectException(FleetloopException.class).expectExceptionMessage("release task rel-1 was not found");
    }

    @Test
    void aBatchClosesWhenItsLastDeviceReportsAndRepeatsAreIgnored() {
        fixture.given(created(POLICY, null), started(), batchStarted(0))
                .when(new RecordDeviceResultCommand(TASK, "acme", "car-0", true, "installed"))
                .expectEvents(new DeviceUpdateReportedEvent(TASK, "acme", plan().get(0).batchId(), "car-0", true, "installed", AT, "v2.0.0"),
                        new DeploymentBatchCompletedEvent(TASK, "acme", plan().get(0).batchId(), 0, BatchStatus.COMPLETED, 1, 0, 0, false, AT));
        fixture.given(created(POLICY, null), started(), batchStarted(0), reported(0, "car-0", true))
                .when(new RecordDeviceResultCommand(TASK, "acme", "car-0", false, "again")).expectNoEvents();
        fixture.given(created(POLICY, null), started(), batchStarted(0))
                .when(new RecordDeviceResultCommand(TASK, "acme", "car-5", true, null))
                .expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void manyDevicesReportInOneCommandEachDecidedAsItsOwnAndARefusalSparesTheOthers() {
        fixture.given(created(POLICY, null), started(), batchStarted(0), new DeploymentBatchCompletedEvent(TASK, "acme",
                        plan().get(0).batchId(), 0, BatchStatus.COMPLETED, 1, 0, 0, false, AT), batchStarted(1))
                .when(new RecordDeviceReportsCommand(TASK, "acme", List.of(
                        DeviceReport.progress("car-1", ActionKind.UPDATE, "downloaded", "progress 1/1"),
                        DeviceReport.result("car-1", ActionKind.UPDATE, true, "installed"),
                        DeviceReport.result("car-9", ActionKind.UPDATE, true, null),
                        DeviceReport.progress("car-2", ActionKind.UPDATE, "proceeding", null),
                        DeviceReport.result("car-1", ActionKind.UPDATE, false, "again"),
                        DeviceReport.result("car-2", ActionKind.UPDATE, true, null))))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceActionProgressedEvent(TASK, "acme", "car-1", ActionKind.UPDATE, "downloaded", "progress 1/1", AT),
                        new DeviceUpdateReportedEvent(TASK, "acme", plan().get(1).batchId(), "car-1", true, "installed", AT, "v2.0.0"),
                        new DeviceActionProgressedEvent(TASK, "acme", "car-2", ActionKind.UPDATE, "proceeding", null, AT),
                        reported(1, "car-2", true),
                        new DeploymentBatchCompletedEvent(TASK, "acme", plan().get(1).batchId(), 1, BatchStatus.COMPLETED, 2, 0, 0, false, AT))
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.predicate(payload -> {
                    List<io.fleetloop.api.common.ErrorDetails> refusals = ((io.fleetloop.api.ota.DeviceReportOutcomes) payload).refusals();
                    return refusals.size() == 6 && refusals.get(2) != null && refusals.get(2).code() == io.fleetloop.api.common.ErrorCode.NOT_FOUND
                            && refusals.stream().filter(java.util.Objects::nonNull).count() == 1;
                }));
    }

    private static final io.fleetloop.api.ota.RolloutGateEvidence BETTER = new io.fleetloop.api.ota.RolloutGateEvidence("v2.0.0", 1, 0, 200.0,
            9, 40, 200.0, 0.0, 20.0, 0.2, 1e-10, 0.01, "one-sided exact conditional Poisson rate test, new better");
    private static final GrayPolicy PROMOTING = new GrayPolicy(List.of(10.0, 20.0, 70.0), 0.5, null, null, 0.9, 0.2, "PT2H", false,
            null, null, null, true);

    private DeploymentBatchCompletedEvent firstBatchMet() {
        return new DeploymentBatchCompletedEvent(TASK, "acme", plan().get(0).batchId(), 0, BatchStatus.COMPLETED, 1, 0, 0, false, AT);
    }

    @Test
    void betterFleetEvidenceStartsTheNextBatchBeforeTheIntervalWhenThePolicyAllowsIt() {
        fixture.given(created(PROMOTING, null), new ReleaseStartedEvent(TASK, "acme", plan(), 10, PROMOTING, AT), batchStarted(0), firstBatchMet())
                .when(new io.fleetloop.api.ota.PromoteRolloutCommand(TASK, "acme", BETTER))
                .expectEvents(new io.fleetloop.api.ota.RolloutPromotedEvent(TASK, "acme", 0, 1, BETTER,
                                "early promotion: batch 2 started before its interval; rollout gate: v2.0.0 triggers 0.00 per 100 km (0 in 200.0 km)"
                                        + " vs old 20.00 (40 in 200.0 km), margin 20%, p=1.0e-10 < 0.010", AT),
                        batchStarted(1));
    }

    @Test
    void betterFleetEvidenceChangesNothingWithoutThePolicyOrWhileTheBatchDeploysOrWhenPaused() {
        fixture.given(created(POLICY, null), started(), batchStarted(0), firstBatchMet())
                .when(new io.fleetloop.api.ota.PromoteRolloutCommand(TASK, "acme", BETTER))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(created(PROMOTING, null), new ReleaseStartedEvent(TASK, "acme", plan(), 10, PROMOTING, AT), batchStarted(0))
                .when(new io.fleetloop.api.ota.PromoteRolloutCommand(TASK, "acme", BETTER))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(created(PROMOTING, null), new ReleaseStartedEvent(TASK, "acme", plan(), 10, PROMOTING, AT), batchStarted(0), firstBatchMet(),
                        new ReleasePausedEvent(TASK, "acme", "x", false, AT))
                .when(new io.fleetloop.api.ota.PromoteRolloutCommand(TASK, "acme", BETTER))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aFailureRateAboveTheErrorThresholdPausesTheRollout() {
        fixture.given(created(POLICY, null), started(), batchStarted(0), new DeploymentBatchCompletedEvent(TASK, "acme",
                        plan().get(0).batchId(), 0, BatchStatus.COMPLETED, 1, 0, 0, false, AT), batchStarted(1),
                        reported(1, "car-1", true))
                .when(new CloseBatchCommand(TASK, "acme", 1, true))
                .expectEvents(new DeploymentBatchCompletedEvent(TASK, "acme", plan().get(1).batchId(), 1, BatchStatus.FAILED, 1, 0, 1, false, AT),
                        new ReleasePausedEvent(TASK, "acme", "batch 2: 50.0% of 2 devices failed or stayed silent (error threshold 20.0%)", true, AT));
    }

    @Test
    void withAutoRollbackTheDevicesThatInstalledGoBack() {
        GrayPolicy auto = new GrayPolicy(List.of(10.0, 20.0, 70.0), 0.5, null, null, 0.9, 0.2, "PT2H", true);
        ReleaseStartedEvent started = new ReleaseStartedEvent(TASK, "acme", plan(), 10, auto, AT);
        fixture.given(created(auto, "v1.9.0"), started, batchStarted(0), new DeploymentBatchCompletedEvent(TASK, "acme",
                        plan().get(0).batchId(), 0, BatchStatus.COMPLETED, 1, 0, 0, false, AT), batchStarted(1),
                        reported(1, "car-1", false))
                .when(new RecordDeviceResultCommand(TASK, "acme", "car-2", true, null))
                .expectEvents(reported(1, "car-2", true),
                        new DeploymentBatchCompletedEvent(TASK, "acme", plan().get(1).batchId(), 1, BatchStatus.FAILED, 1, 1, 0, false, AT),
                        new RollbackTriggeredEvent(TASK, "acme", "v1.9.0", List.of("car-0", "car-2"),
                                "batch 2: 50.0% of 2 devices failed (error threshold 20.0%)", true, AT, ids(2)));
    }

    @Test
    void theNextBatchWaitsForThePreviousAndForAResume() {
        fixture.given(created(POLICY, null), started(), batchStarted(0)).when(new StartBatchCommand(TASK, "acme", 1))
                .expectException(FleetloopException.class).expectNoEvents();
        ReleasePausedEvent paused = new ReleasePausedEvent(TASK, "acme", "x", false, AT);
        DeploymentBatchCompletedEvent first = new DeploymentBatchCompletedEvent(TASK, "acme", plan().get(0).batchId(), 0,
                BatchStatus.COMPLETED, 1, 0, 0, false, AT);
        fixture.given(created(POLICY, null), started(), batchStarted(0), first, paused).when(new StartBatchCommand(TASK, "acme", 1))
                .expectException(FleetloopException.class);
        fixture.given(created(POLICY, null), started(), batchStarted(0), first, paused).when(new ResumeReleaseCommand(TASK, "acme"))
                .expectEvents(new ReleaseResumedEvent(TASK, "acme", AT));
        fixture.given(created(POLICY, null), started(), batchStarted(0), first).when(new StartBatchCommand(TASK, "acme", 1))
                .expectEvents(batchStarted(1));
        fixture.given(created(POLICY, null), started(), batchStarted(0), first, batchStarted(1)).when(new StartBatchCommand(TASK, "acme", 1))
                .expectNoEvents();
    }

    @Test
    void theLastBatchMeetingItsThresholdClosesTheLoop() {
        GrayPolicy single = new GrayPolicy(List.of(100.0), 0.0, null, null, 0.5, 0.6, "PT1H", false);
        List<PlannedBatch> plan = ReleaseTask.plan(TASK, single.batchPercentages(), List.of("r1", "r2"));
        fixture.given(created(single, null), new ReleaseStartedEvent(TASK, "acme", plan, 2, single, AT),
                        new DeploymentBatchStartedEvent(TASK, "acme", plan.get(0).batchId(), 0, plan.get(0).deviceIds(), AT, ids(plan.get(0).deviceIds().size())),
                        new DeviceUpdateReportedEvent(TASK, "acme", plan.get(0).batchId(), "r1", true, null, AT, "v2.0.0"))
                .when(new RecordDeviceResultCommand(TASK, "acme", "r2", false, "health check failed"))
                .expectEvents(new DeviceUpdateReportedEvent(TASK, "acme", plan.get(0).batchId(), "r2", false, "health check failed", AT, "v2.0.0"),
                        new DeploymentBatchCompletedEvent(TASK, "acme", plan.get(0).batchId(), 0, BatchStatus.COMPLETED, 1, 1, 0, true, AT),
                        new OTAClosedLoopCompletedEvent(TASK, "acme", "v2.0.0", 2, 1, AT));
    }

    @Test
    void rollbackNeedsAPreviousVersionAndHappensOnce() {
        fixture.given(created(POLICY, null), started(), batchStarted(0)).when(new RollbackReleaseCommand(TASK, "acme", null))
                .expectException(FleetloopException.class).expectExceptionMessage("release task rel-1 has no previousVersionId to roll back to");
        RollbackTriggeredEvent rolledBack = new RollbackTriggeredEvent(TASK, "acme", "v1.9.0", List.of("car-0"), "bad maps", false, AT, ids(1));
        fixture.given(created(POLICY, "v1.9.0"), started(), batchStarted(0)).when(new RollbackReleaseCommand(TASK, "acme", "bad maps"))
                .expectEvents(rolledBack);
        fixture.given(created(POLICY, "v1.9.0"), started(), batchStarted(0), rolledBack).when(new RollbackReleaseCommand(TASK, "acme", "again"))
                .expectNoEvents();
    }

    @Test
    void withoutAKnownPreviousArtifactRollbackIsRefusedAndAnAutomaticOneBecomesAPause() {
        GrayPolicy auto = new GrayPolicy(List.of(10.0, 20.0, 70.0), 0.5, null, null, 0.9, 0.2, "PT2H", true);
        ReleaseTaskCreatedEvent unknownPrevious = new ReleaseTaskCreatedEvent(TASK, "acme", "v2.0.0", ReleaseType.SOTA, "s3://b/model",
                DeviceType.VEHICLE, auto, "v1.9.0", "a".repeat(64), 42, AT, "b".repeat(40), "c".repeat(32), null);
        fixture.given(unknownPrevious, new ReleaseStartedEvent(TASK, "acme", plan(), 10, auto, AT), batchStarted(0))
                .when(new RollbackReleaseCommand(TASK, "acme", null)).expectException(FleetloopException.class)
                .expectExceptionMessage("no artifact of the previous version v1.9.0 is known (no earlier release of it and no previousArtifactUri); "
                        + "devices cannot be given it back");
        fixture.given(unknownPrevious, new ReleaseStartedEvent(TASK, "acme", plan(), 10, auto, AT), batchStarted(0))
                .when(new RecordDeviceResultCommand(TASK, "acme", "car-0", false, "boot loop"))
                .expectEvents(new DeviceUpdateReportedEvent(TASK, "acme", plan().get(0).batchId(), "car-0", false, "boot loop", AT, "v2.0.0"),
                        new DeploymentBatchCompletedEvent(TASK, "acme", plan().get(0).batchId(), 0, BatchStatus.FAILED, 0, 1, 0, false, AT),
                        new ReleasePausedEvent(TASK, "acme", "batch 1: 100.0% of 1 devices failed (error threshold 20.0%)", true, AT));
    }

    @Test
    void rolledBackDevicesReportTheirRollbackOnceAndOpenUpdatesAreCanceled() {
        GrayPolicy two = new GrayPolicy(List.of(50.0, 50.0), 0.0, null, null, 0.9, 0.2, "PT2H", false);
        List<PlannedBatch> plan = ReleaseTask.plan(TASK, two.batchPercentages(), List.of("car-0", "car-1", "car-2", "car-3"));
        RollbackTriggeredEvent rolledBack = new RollbackTriggeredEvent(TASK, "acme", "v1.9.0", List.of("car-0", "car-1"), "bad", false, AT, ids(2));
        Object[] history = {created(two, "v1.9.0"), new ReleaseStartedEvent(TASK, "acme", plan, 4, two, AT),
                new DeploymentBatchStartedEvent(TASK, "acme", plan.get(0).batchId(), 0, plan.get(0).deviceIds(), AT, ids(plan.get(0).deviceIds().size())),
                new DeviceUpdateReportedEvent(TASK, "acme", plan.get(0).batchId(), "car-0", true, null, AT, "v2.0.0"), rolledBack};
        fixture.given(history).when(new RecordRollbackResultCommand(TASK, "acme", "car-0", true, "back on v1.9.0"))
                .expectEvents(new DeviceRollbackReportedEvent(TASK, "acme", "car-0", true, "back on v1.9.0", "v1.9.0", AT));
        fixture.given(history).andGivenCommands(new RecordRollbackResultCommand(TASK, "acme", "car-0", true, null))
                .when(new RecordRollbackResultCommand(TASK, "acme", "car-0", false, "again")).expectNoEvents();
        fixture.given(history).when(new RecordRollbackResultCommand(TASK, "acme", "car-2", true, null))
                .expectException(FleetloopException.class).expectNoEvents();
        // car-1 was still installing: it confirms the cancel, and a late update result no longer counts
        fixture.given(history).when(new ConfirmCancelCommand(TASK, "acme", "car-1", true, "stopped"))
                .expectEvents(new DeviceActionCanceledEvent(TASK, "acme", "car-1", "stopped", AT));
        fixture.given(history).andGivenCommands(new ConfirmCancelCommand(TASK, "acme", "car-1", true, null))
                .when(new RecordDeviceResultCommand(TASK, "acme", "car-1", true, "late")).expectNoEvents();
        // car-0 had finished before the cancel reached it: nothing to cancel
        fixture.given(history).when(new ConfirmCancelCommand(TASK, "acme", "car-0", true, null)).expectNoEvents();
        fixture.given(history).when(new ConfirmCancelCommand(TASK, "acme", "car-2", true, null)).expectException(FleetloopException.class);
    }

    @Test
    void aNewStageOfAnOpenActionIsRecordedAndAFinishedActionIgnoresIt() {
        fixture.given(created(POLICY, null), started(), batchStarted(0))
                .when(new RecordDeviceProgressCommand(TASK, "acme", "car-0", ActionKind.UPDATE, "downloaded", "progress 1/1"))
                .expectEvents(new DeviceActionProgressedEvent(TASK, "acme", "car-0", ActionKind.UPDATE, "downloaded", "progress 1/1", AT));
        fixture.given(created(POLICY, null), started(), batchStarted(0), reported(0, "car-0", true))
                .when(new RecordDeviceProgressCommand(TASK, "acme", "car-0", ActionKind.UPDATE, "proceeding", null))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(created(POLICY, null), started(), batchStarted(0))
                .when(new RecordDeviceProgressCommand(TASK, "acme", "car-5", ActionKind.UPDATE, "proceeding", null))
                .expectException(FleetloopException.class).expectNoEvents();
    }
}
