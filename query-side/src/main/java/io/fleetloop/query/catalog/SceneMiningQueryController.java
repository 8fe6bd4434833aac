package io.fleetloop.query.catalog;

import io.fleetloop.api.catalog.FetchSceneMiningRulesQuery;
import io.fleetloop.api.catalog.FetchSceneTagHistogramQuery;
import io.fleetloop.api.catalog.FindSceneMiningJobQuery;
import io.fleetloop.api.catalog.SceneMiningJobId;
import io.fleetloop.api.catalog.SceneMiningJobView;
import io.fleetloop.api.catalog.SceneMiningRules;
import io.fleetloop.api.catalog.SceneTagHistogram;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.query.common.BarCharts;
import io.fleetloop.query.common.Queries;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/scene-mining/{jobId}} (status and, once computed, each asset's tags), {@code GET /v1/scene-mining/rules}
 * ({@code ?version=}), {@code GET /v1/scene-mining/tags/histogram} and {@code .../histogram.svg} (bar chart).
 */
@RestController
class SceneMiningQueryController {

    static final int MAX_BUCKETS = 100;

    private final Queries queries;

    SceneMiningQueryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/scene-mining/{jobId}")
    SceneMiningJobView job(Caller caller, @PathVariable String jobId) {
        return queries.require(new FindSceneMiningJobQuery(caller.tenantId(), new SceneMiningJobId(jobId)), SceneMiningJobView.class,
                "scene-mining job", jobId);
    }

    @GetMapping("/v1/scene-mining/rules")
    SceneMiningRules rules(Caller caller, @RequestParam(required = false) Integer version) {
        return queries.require(new FetchSceneMiningRulesQuery(caller.tenantId(), version), SceneMiningRules.class,
                "scene-mining rules", version == null ? "current" : String.valueOf(version));
    }

    @GetMapping("/v1/scene-mining/tags/histogram")
    SceneTagHistogram histogram(Caller caller, @RequestParam(defaultValue = "30") int size) {
        return queries.get(new FetchSceneTagHistogramQuery(caller.tenantId(), size(size)), SceneTagHistogram.class);
    }

    @GetMapping("/v1/scene-mining/tags/histogram.svg")
    ResponseEntity<String> histogramSvg(Caller caller, @RequestParam(defaultValue = "30") int size) {
        SceneTagHistogram histogram = queries.get(new FetchSceneTagHistogramQuery(caller.tenantId(), size(size)), SceneTagHistogram.class);
        List<BarCharts.Bar> bars = new ArrayList<>();
        histogram.sceneTags().forEach(b -> bars.add(new BarCharts.Bar(b.tag(), BigDecimal.valueOf(b.count()))));
        histogram.longTailTags().forEach(b -> bars.add(new BarCharts.Bar("long-tail " + b.tag(), BigDecimal.valueOf(b.count()))));
        String svg = BarCharts.bars("Scene tags, " + caller.tenantId() + " (" + histogram.assets() + " assets)", "assets", bars);
        return ResponseEntity.ok().contentType(MediaType.valueOf("image/svg+xml")).body(svg);
    }

    private static int size(int size) {
        if (size < 1 || size > MAX_BUCKETS) throw FleetloopException.invalid("size", "1 to " + MAX_BUCKETS);
        return size;
    }
}
