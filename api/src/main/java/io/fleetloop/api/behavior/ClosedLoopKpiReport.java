package io.fleetloop.api.behavior;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenant's loops decided in {@code [from, to)} (either end open when null), oldest decision first, and the p50/p90 of
 * each stage's duration and of the total cycle time over them. {@code truncated}: more than
 * {@link FindClosedLoopKpiQuery#MAX_LOOPS} loops; the list holds the first, the percentiles count them all.
 */
public record ClosedLoopKpiReport(Instant from, Instant to, int loopCount, int stalledCount, Map<LoopStage, StagePercentiles> stages,
                                  StagePercentiles total, List<LoopKpi> loops, boolean truncated) {

    public ClosedLoopKpiReport {
        stages = Collections.unmodifiableMap(new LinkedHashMap<>(stages));
        loops = List.copyOf(loops);
    }
}
