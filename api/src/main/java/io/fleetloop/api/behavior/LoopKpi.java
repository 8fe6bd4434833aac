package io.fleetloop.api.behavior;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One loop (one feedback decision): when it reached each {@link LoopStage} ({@code reachedAt}, missing while not yet),
 * how long each stage took from the one before it ({@code stageMillis}, keyed by the stage reached, present when both
 * ends are known), and the whole cycle from identification to rollout completed ({@code totalMillis}, null until then).
 * {@code stalled}: the backfill flagged the loop as waiting too long for {@code stalledStage} since {@code stalledSince},
 * and that stage has not been reached since.
 */
public record LoopKpi(FeedbackDecisionId decisionId, List<ProblemSampleId> sampleIds, Map<LoopStage, Instant> reachedAt,
                      Map<LoopStage, Long> stageMillis, Long totalMillis, boolean stalled, BackfillStage stalledStage,
                      Instant stalledSince) {

    public LoopKpi {
        sampleIds = List.copyOf(sampleIds);
        reachedAt = Collections.unmodifiableMap(new LinkedHashMap<>(reachedAt));
        stageMillis = Collections.unmodifiableMap(new LinkedHashMap<>(stageMillis));
    }
}
