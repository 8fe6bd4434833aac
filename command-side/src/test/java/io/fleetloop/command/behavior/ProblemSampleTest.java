package io.fleetloop.command.behavior;

import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.behavior.BehaviorSessionId;
import io.fleetloop.api.behavior.ExportProblemSampleToAnnotationCommand;
import io.fleetloop.api.behavior.IdentifyProblemSampleCommand;
import io.fleetloop.api.behavior.ProblemSampleExportedToAnnotationEvent;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.ProblemSampleIdentifiedEvent;
import io.fleetloop.api.behavior.ProblemType;
import io.fleetloop.api.behavior.RootCauseSegment;
import io.fleetloop.api.behavior.Severity;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ProblemSampleTest {

    private static final ProblemSampleId SAMPLE = new ProblemSampleId("ps-1");
    private static final BehaviorSessionId SESSION = new BehaviorSessionId("s-1");
    private static final Instant AT = Instant.parse("2026-12-04T08:00:00Z");
    private static final Instant FROM = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-01T10:10:00Z");
    private static final List<AssetId> ASSETS = List.of(new AssetId("a1"), new AssetId("a2"));
    private static final RootCauseSegment SEGMENT = new RootCauseSegment(FROM.plusSeconds(60), FROM.plusSeconds(70), List.of("can/accel_x", "takeover"));

    private AggregateTestFixture<ProblemSample> fixture;
    private final BehaviorDirectory directory = mock(BehaviorDirectory.class);

    @BeforeEach
    void setUp() {
        when(directory.session(any(), any())).thenReturn(Optional.empty());
        when(directory.session(eq("acme"), eq(SESSION)))
                .thenReturn(Optional.of(new BehaviorDirectory.Session(SESSION, "acme", "car-7", FROM, TO, ASSETS, List.of("rain"))));
        fixture = new AggregateTestFixture<>(ProblemSample.class);
        fixture.registerInjectableResource(directory);
        fixture.registerInjectableResource(Clock.fixed(AT, ZoneOffset.UTC));
    }

    private IdentifyProblemSampleCommand identify(String tenant, RootCauseSegment segment) {
        return new IdentifyProblemSampleCommand(SAMPLE, tenant, SESSION, ProblemType.CONTROL, segment, Severity.HIGH, "late brake", "user:eng");
    }

    private ProblemSampleIdentifiedEvent identified() {
        return new ProblemSampleIdentifiedEvent(SAMPLE, "acme", SESSION, ProblemType.CONTROL, SEGMENT, Severity.HIGH, "late brake", ASSETS,
                "car-7", List.of("rain"), "user:eng", AT);
    }

    @Test
    void aSegmentInsideTheSessionIsIdentifiedWithTheSessionsAssetsDeviceAndTags() {
        fixture.givenNoPriorActivity().when(identify("acme", SEGMENT)).expectEvents(identified());
    }

    @Test
    void aSegmentMayCoverTheWholeSession() {
        RootCauseSegment whole = new RootCauseSegment(FROM, TO, List.of());
        fixture.givenNoPriorActivity().when(identify("acme", whole)).expectSuccessfulHandlerExecution();
    }

    @Test
    void aReversedSegmentIsRefused() {
        fixture.givenNoPriorActivity().when(identify("acme", new RootCauseSegment(FROM.plusSeconds(70), FROM.plusSeconds(60), List.of())))
                .expectException(FleetloopException.class).expectExceptionMessage("rootCauseSegment: from must be before to").expectNoEvents();
    }

    @Test
    void aSegmentOutsideTheSessionIsRefused() {
        fixture.givenNoPriorActivity().when(identify("acme", new RootCauseSegment(TO.minusSeconds(5), TO.plusSeconds(5), List.of())))
                .expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void anotherTenantsSessionIsNotFound() {
        fixture.givenNoPriorActivity().when(identify("globex", SEGMENT))
                .expectException(FleetloopException.class).expectExceptionMessage("behavior session s-1 was not found").expectNoEvents();
    }

    @Test
    void anExportRecordsTheTaskWithTheSamplesAssets() {
        AnnotationTaskId task = new AnnotationTaskId("ann-1");
        fixture.given(identified()).when(new ExportProblemSampleToAnnotationCommand(SAMPLE, "acme", task))
                .expectEvents(new ProblemSampleExportedToAnnotationEvent(SAMPLE, "acme", task, ASSETS, AT));
    }

    @Test
    void theSameTaskRecordedAgainIsANoOp() {
        AnnotationTaskId task = new AnnotationTaskId("ann-1");
        fixture.given(identified(), new ProblemSampleExportedToAnnotationEvent(SAMPLE, "acme", task, ASSETS, AT))
                .when(new ExportProblemSampleToAnnotationCommand(SAMPLE, "acme", task))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void anotherTenantCannotExportTheSample() {
        fixture.given(identified()).when(new ExportProblemSampleToAnnotationCommand(SAMPLE, "globex", new AnnotationTaskId("ann-1")))
                .expectException(FleetloopException.class).expectNoEvents();
    }
}
