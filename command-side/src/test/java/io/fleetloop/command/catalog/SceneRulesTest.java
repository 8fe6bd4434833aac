package io.fleetloop.command.catalog;

import io.fleetloop.api.catalog.SceneMiningRules;
import io.fleetloop.api.catalog.SceneTagRule;
import io.fleetloop.api.common.FleetloopException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SceneRulesTest {

    private static Map<String, Object> features() {
        Map<String, Object> f = new HashMap<>();
        SceneRules.NUMBERS.forEach(n -> f.put(n, Double.NaN));
        SceneRules.FLAGS.forEach(n -> f.put(n, false));
        SceneRules.STRINGS.forEach(n -> f.put(n, ""));
        f.put("objects", Map.of());
        f.put("attributes", Map.of());
        return f;
    }

    @Test
    void theDefaultRulesTagAFastDayDriveAsHighwayByDay() {
        Map<String, Object> f = features();
        f.put("hasSpeed", true);
        f.put("speedMeanKph", 100.0);
        f.put("stopCount", 0.0);
        f.put("hasTime", true);
        f.put("hourLocal", 10.0);
        f.put("brakingEvents", 0.0);
        assertThat(SceneRules.evaluator(SceneMiningRules.defaults()).tags(f)).containsExactly("day", "highway");
    }

    @Test
    void pedestriansAndThresholdsReadThePreLabelClasses() {
        Map<String, Object> f = features();
        f.put("objects", Map.of("pedestrian", 4.0, "car", 18.0));
        f.put("objectsTotal", 22.0);
        f.put("hasObjects", true);
        assertThat(SceneRules.evaluator(SceneMiningRules.defaults()).tags(f)).containsExactly("dense-traffic", "pedestrians");
    }

    @Test
    void anAbsentFeatureMakesAThresholdFalse() {
        SceneMiningRules rules = new SceneMiningRules(1, List.of(SceneTagRule.threshold("slow", "speedMeanKph", "<", 10)), 4, 5, 0.1);
        assertThat(SceneRules.evaluator(rules).tags(features())).isEmpty();
    }

    @Test
    void aRuleThatDoesNotCompileIsRefusedWithItsPosition() {
        SceneMiningRules rules = new SceneMiningRules(1, List.of(SceneTagRule.cel("ok", "true"), SceneTagRule.cel("bad", "speedMeanKph >")), 4, 5, 0.1);
        assertThatThrownBy(() -> SceneRules.check(rules)).isInstanceOf(FleetloopException.class)
                .hasMessageContaining("tags[1].when").hasMessageContaining("line 1, column");
    }

    @Test
    void aRuleOverAnUnknownFeatureOrOfTheWrongTypeIsRefused() {
        assertThatThrownBy(() -> SceneRules.check(new SceneMiningRules(1, List.of(SceneTagRule.cel("x", "speed > 1.0")), 4, 5, 0.1)))
                .hasMessageContaining("speed");
        assertThatThrownBy(() -> SceneRules.check(new SceneMiningRules(1, List.of(SceneTagRule.cel("x", "speedMeanKph")), 4, 5, 0.1)))
                .isInstanceOf(FleetloopException.class);
        assertThatThrownBy(() -> SceneRules.check(new SceneMiningRules(1, List.of(SceneTagRule.threshold("x", "colour", ">", 1)), 4, 5, 0.1)))
                .hasMessageContaining("tags[0].feature");
    }
}
