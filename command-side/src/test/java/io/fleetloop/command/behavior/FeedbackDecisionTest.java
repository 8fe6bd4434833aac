package io.fleetloop.command.behavior;

import io.fleetloop.api.behavior.BackfillStage;
import io.fleetloop.api.behavior.BackfillStageReachedEvent;
import io.fleetloop.api.behavior.BackfillStalledEvent;
import io.fleetloop.api.behavior.FeedbackDecisionId;
import io.fleetloop.api.behavior.FeedbackDecisionMadeEvent;
import io.fleetloop.api.behavior.FlagBackfillStalledCommand;
import io.fleetloop.api.behavior.MakeFeedbackDecisionCommand;
import io.fleetloop.api.behavior.NextIngestionScope;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.RecordBackfillStageCommand;
import io.fleetloop.api.behavior.TimeWindow;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.api.common.FleetloopException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

class FeedbackDecisionTest {

    private static final FeedbackDecisionId DECISION = new FeedbackDecisionId("fd-1");
    private static final Instant AT = Instant.parse("2026-12-04T08:00:00Z");
    private static final List<ProblemSampleId> SAMPLES = List.of(new ProblemSampleId("ps-1"));
    private static final NextIngestionScope SCOPE = new NextIngestionScope(List.of("car-7"), List.of("VEHICLE"),
            List.of(new TimeWindow(AT.minusSeconds(600), AT.minusSeconds(500))), List.of("rain"), List.of(Modality.LIDAR), "accel_x < -4",
            8, 4, "src-1", "**", "backfill/fd-1");

    private AggregateTestFixture<FeedbackDecision> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(FeedbackDecision.class);
        fixture.registerInjectableResource(Clock.fixed(AT, ZoneOffset.UTC));
    }

    private FeedbackDecisionMadeEvent made() {
        return new FeedbackDecisionMadeEvent(DECISION, "acme", SAMPLES, SCOPE, "user:eng", AT);
    }

    @Test
    void aDecisionWithASourceIsMade() {
        fixture.givenNoPriorActivity().when(new MakeFeedbackDecisionCommand(DECISION, "acme", SAMPLES, SCOPE, "user:eng")).expectEvents(made());
    }

    @Test
    void aDecisionWithoutASourceIsRefused() {
        NextIngestionScope noSource = new NextIngestionScope(List.of(), List.of(), List.of(), List.of(), List.of(Modality.LIDAR), "x", 1, 1,
                null, "**", "backfill/x");
        fixture.givenNoPriorActivity().when(new MakeFeedbackDecisionCommand(DECISION, "acme", SAMPLES, noSource, "user:eng"))
                .expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void aDecisionWithoutSamplesIsRefused() {
        fixture.givenNoPriorActivity().when(new MakeFeedbackDecisionCommand(DECISION, "acme", List.of(), SCOPE, "user:eng"))
                .expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void aStageIsRecordedWithTheProvingEventsTime() {
        Instant reached = AT.plusSeconds(30);
        fixture.given(made()).when(new RecordBackfillStageCommand(DECISION, "acme", BackfillStage.DATA_INGESTED, List.of("ing-1"), reached))
                .expectEvents(new BackfillStageReachedEvent(DECISION, "acme", BackfillStage.DATA_INGESTED, List.of("ing-1"), reached));
    }

    @Test
    void aStageRecordedAgainIsANoOp() {
        fixture.given(made(), new BackfillStageReachedEvent(DECISION, "acme", BackfillStage.DATA_INGESTED, List.of("ing-1"), AT))
                .when(new RecordBackfillStageCommand(DECISION, "acme", BackfillStage.DATA_INGESTED, List.of("ing-1"), AT.plusSeconds(5)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void anotherTenantCannotRecordAStage() {
        fixture.given(made()).when(new RecordBackfillStageCommand(DECISION, "globex", BackfillStage.DATA_INGESTED, List.of(), AT))
                .expectException(FleetloopException.class).expectNoEvents();
    }

    @Test
    void aStallIsFlaggedWhileTheStageIsMissing() {
        Instant due = AT.plusSeconds(900);
        fixture.given(made()).when(new FlagBackfillStalledCommand(DECISION, "acme", BackfillStage.INGESTION_STARTED, AT, due))
                .expectEvents(new BackfillStalledEvent(DECISION, "acme", BackfillStage.INGESTION_STARTED, AT, due));
    }

    @Test
    void aStallOfAStageReachedMeanwhileIsANoOp() {
        fixture.given(made(), new BackfillStageReachedEvent(DECISION, "acme", BackfillStage.INGESTION_STARTED, List.of("ing-1"), AT))
                .when(new FlagBackfillStalledCommand(DECISION, "acme", BackfillStage.INGESTION_STARTED, AT, AT.plusSeconds(900)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }
}
