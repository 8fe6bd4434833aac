package io.fleetloop.api.catalog;

import java.util.List;

/**
 * A tenant's scene-mining rules, version {@code version} (data, not code): the tag rules, the deceleration that
 * counts as a braking event, the geohash precision of the location cluster tag ({@code geo:<hash>}, 0 = none), and
 * the long-tail threshold: a combination of scene tags is long-tail when the share of the tenant's mined assets that
 * carry it is below {@code longTailMaxFraction}.
 */
public record SceneMiningRules(int version, List<SceneTagRule> tags, double brakingDecelMps2, int geohashPrecision,
                               double longTailMaxFraction) {

    public SceneMiningRules {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** What a tenant that has published no rules mines with (version 0). */
    public static SceneMiningRules defaults() {
        return new SceneMiningRules(0, List.of(
                SceneTagRule.cel("highway", "hasSpeed && speedMeanKph >= 70.0"),
                SceneTagRule.cel("urban", "hasSpeed && speedMeanKph >= 15.0 && speedMeanKph < 70.0 && stopCount < 2"),
                SceneTagRule.cel("stop-and-go", "hasSpeed && stopCount >= 2"),
                SceneTagRule.threshold("hard-braking", "brakingEvents", ">=", 1),
                SceneTagRule.cel("night", "hasTime && (hourLocal >= 20 || hourLocal < 6)"),
                SceneTagRule.cel("day", "hasTime && hourLocal >= 6 && hourLocal < 20"),
                SceneTagRule.cel("rain", "weather == 'rain'"),
                SceneTagRule.cel("snow", "weather == 'snow'"),
                SceneTagRule.cel("fog", "weather == 'fog'"),
                SceneTagRule.cel("pedestrians", "'pedestrian' in objects && objects['pedestrian'] >= 3.0"),
                SceneTagRule.threshold("dense-traffic", "objectsTotal", ">=", 20)),
                4.0, 5, 0.1);
    }
}
