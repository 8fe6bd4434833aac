package io.fleetloop.edge.collect;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleEvaluatorTest {

    private final RuleEvaluator evaluator = new RuleEvaluator();

    @Test
    void aSwerveAboveTheSpeedFiresTheRule() {
        RuleEvaluator.Rule swerve = evaluator.compile("speed > 20.0 && abs(yaw_rate) > 0.5");

        assertThat(swerve.test(Map.of("speed", 25.0, "yaw_rate", -0.7))).isTrue();
        assertThat(swerve.test(Map.of("speed", 25.0, "yaw_rate", 0.2))).isFalse();
        assertThat(swerve.test(Map.of("speed", 12.0, "yaw_rate", -0.7))).isFalse();
    }

    @Test
    void integerLiteralsCompareWithDoubleSignalsAndMinMaxWork() {
        RuleEvaluator.Rule rule = evaluator.compile("max(speed, 0.0) > 20 || min(brake_pressure, accel_x) < -3");

        assertThat(rule.test(Map.of("speed", 21.0, "brake_pressure", 0.0, "accel_x", 0.0))).isTrue();
        assertThat(rule.test(Map.of("speed", 5.0, "brake_pressure", 0.0, "accel_x", -4.5))).isTrue();
        assertThat(rule.test(Map.of("speed", 5.0, "brake_pressure", 0.0, "accel_x", -1.0))).isFalse();
    }

    @Test
    void aSignalWithoutAValueYetDoesNotFire() {
        assertThat(evaluator.compile("speed > 20.0").test(Map.of("yaw_rate", 1.0))).isFalse();
    }

    @Test
    void anExpressionThatDoesNotParseIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> evaluator.compile("speed > && yaw_rate")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("at line 1, column 9: ");
    }

    @Test
    void anUnknownSignalIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> evaluator.compile("speed > 20.0 && abs(yaw_rat) > 0.5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("at line 1, column 21: ").hasMessageContaining("yaw_rat");
    }

    @Test
    void signalsTheDeviceDeclaresAreUsable() {
        RuleEvaluator custom = new RuleEvaluator(java.util.List.of("tyre_temp"));
        assertThat(custom.compile("tyre_temp > 90.0").test(Map.of("tyre_temp", 95.0))).isTrue();
    }
}
