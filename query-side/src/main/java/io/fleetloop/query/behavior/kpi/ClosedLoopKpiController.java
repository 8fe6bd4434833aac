package io.fleetloop.query.behavior.kpi;

import io.fleetloop.api.behavior.ClosedLoopKpiReport;
import io.fleetloop.api.behavior.FeedbackDecisionId;
import io.fleetloop.api.behavior.FindClosedLoopKpiQuery;
import io.fleetloop.api.behavior.FindLoopKpiQuery;
import io.fleetloop.api.behavior.LoopKpi;
import io.fleetloop.api.common.Caller;
import io.fleetloop.query.common.Queries;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * The closed-loop KPI: {@code GET /v1/closed-loop/kpi?from=&to=} (loops decided in the period, per loop and p50/p90 per
 * stage and in total), {@code GET /v1/closed-loop/kpi/{decisionId}} (one loop) and {@code .../chart.svg} (the stage
 * durations of the period's loops as stacked bars). Within the caller's tenant.
 */
@RestController
class ClosedLoopKpiController {

    static final MediaType SVG = MediaType.valueOf("image/svg+xml");

    private final Queries queries;

    ClosedLoopKpiController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/closed-loop/kpi")
    ClosedLoopKpiReport kpi(Caller caller, @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
        return queries.get(new FindClosedLoopKpiQuery(caller.tenantId(), from, to), ClosedLoopKpiReport.class);
    }

    @GetMapping("/v1/closed-loop/kpi/chart.svg")
    ResponseEntity<String> chart(Caller caller, @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
        ClosedLoopKpiReport report = queries.get(new FindClosedLoopKpiQuery(caller.tenantId(), from, to), ClosedLoopKpiReport.class);
        return ResponseEntity.ok().contentType(SVG).cacheControl(CacheControl.noStore()).body(ClosedLoopKpiSvg.render(report));
    }

    @GetMapping("/v1/closed-loop/kpi/{decisionId}")
    LoopKpi loop(Caller caller, @PathVariable String decisionId) {
        return queries.require(new FindLoopKpiQuery(caller.tenantId(), new FeedbackDecisionId(decisionId)), LoopKpi.class,
                "closed loop", decisionId);
    }
}
