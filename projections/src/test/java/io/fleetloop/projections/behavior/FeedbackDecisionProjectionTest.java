package io.fleetloop.projections.behavior;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.annotation.AnnotationTaskId;
import io.fleetloop.api.behavior.BackfillStage;
import io.fleetloop.api.behavior.BackfillStageReachedEvent;
import io.fleetloop.api.behavior.BackfillStalledEvent;
import io.fleetloop.api.behavior.BehaviorSessionId;
import io.fleetloop.api.behavior.FeedbackDecisionId;
import io.fleetloop.api.behavior.FeedbackDecisionMadeEvent;
import io.fleetloop.api.behavior.NextIngestionScope;
import io.fleetloop.api.behavior.ProblemSampleExportedToAnnotationEvent;
import io.fleetloop.api.behavior.ProblemSampleId;
import io.fleetloop.api.behavior.ProblemSampleIdentifiedEvent;
import io.fleetloop.api.behavior.ProblemType;
import io.fleetloop.api.behavior.RootCauseSegment;
import io.fleetloop.api.behavior.Severity;
import io.fleetloop.api.catalog.AssetId;
import io.fleetloop.api.catalog.Modality;
import io.fleetloop.projections.support.ReadModelDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class FeedbackDecisionProjectionTest {

    private static final Instant AT = Instant.parse("2026-12-04T08:00:00Z");
    private static final NextIngestionScope SCOPE = new NextIngestionScope(List.of("car-7"), List.of(), List.of(), List.of(), List.of(Modality.LIDAR),
            "accel_x < -4", 8, 4, "src-1", "**", "backfill/x");

    private final JdbcClient jdbc = ReadModelDatabase.jdbc();
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final FeedbackDecisionProjection decisions = new FeedbackDecisionProjection(jdbc, json);
    private final ProblemSampleProjection samples = new ProblemSampleProjection(jdbc, json);

    private FeedbackDecisionId decided() throws Exception {
        FeedbackDecisionId id = new FeedbackDecisionId(UUID.randomUUID().toString());
        decisions.on(new FeedbackDecisionMadeEvent(id, "acme", List.of(new ProblemSampleId("ps-1")), SCOPE, "user:eng", AT));
        return id;
    }

    private long stages(FeedbackDecisionId id) {
        return jdbc.sql("select count(*) from bhv_backfill_stage_view where decision_id = ?").param(id.value()).query(Long.class).single();
    }

    @Test
    void aStageRedeliveredIsKeptOnceWithItsFirstTime() throws Exception {
        FeedbackDecisionId id = decided();
        decisions.on(new BackfillStageReachedEvent(id, "acme", BackfillStage.INGESTION_STARTED, List.of("ing-1"), AT.plusSeconds(1)));
        decisions.on(new BackfillStageReachedEvent(id, "acme", BackfillStage.INGESTION_STARTED, List.of("ing-1"), AT.plusSeconds(1)));
        decisions.on(new BackfillStageReachedEvent(id, "acme", BackfillStage.DATA_INGESTED, List.of("ing-1", "a1"), AT.plusSeconds(9)));

        assertThat(stages(id)).isEqualTo(2);
        assertThat(jdbc.sql("select refs ->> 1 from bhv_backfill_stage_view where decision_id = ? and stage = 'DATA_INGESTED'").param(id.value())
                .query(String.class).single()).isEqualTo("a1");
    }

    @Test
    void aStallIsListedOncePerWait() throws Exception {
        FeedbackDecisionId id = decided();
        BackfillStalledEvent stalled = new BackfillStalledEvent(id, "acme", BackfillStage.ANNOTATED, AT, AT.plusSeconds(3600));
        decisions.on(stalled);
        decisions.on(stalled);

        assertThat(jdbc.sql("select count(*) from bhv_backfill_stall_view where decision_id = ?").param(id.value()).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aSampleListsEachAnnotationTaskItWentToOnce() throws Exception {
        ProblemSampleId id = new ProblemSampleId(UUID.randomUUID().toString());
        samples.on(new ProblemSampleIdentifiedEvent(id, "acme", new BehaviorSessionId("s-1"), ProblemType.CONTROL,
                new RootCauseSegment(AT, AT.plusSeconds(5), List.of("takeover")), Severity.HIGH, null, List.of(new AssetId("a1")), "car-7",
                List.of("rain"), "user:eng", AT));
        ProblemSampleExportedToAnnotationEvent exported = new ProblemSampleExportedToAnnotationEvent(id, "acme", new AnnotationTaskId("ann-1"),
                List.of(new AssetId("a1")), AT);
        samples.on(exported);
        samples.on(exported);

        assertThat(jdbc.sql("select annotation_task_ids::text from bhv_problem_sample_view where sample_id = ?").param(id.value())
                .query(String.class).single()).isEqualTo("[\"ann-1\"]");
    }

    @Test
    void resetClearsDecisionsStagesAndStalls() throws Exception {
        FeedbackDecisionId id = decided();
        decisions.on(new BackfillStageReachedEvent(id, "acme", BackfillStage.INGESTION_STARTED, List.of(), AT));

        decisions.reset();

        assertThat(jdbc.sql("select count(*) from bhv_feedback_decision_view").query(Long.class).single()).isZero();
        assertThat(stages(id)).isZero();
    }
}
