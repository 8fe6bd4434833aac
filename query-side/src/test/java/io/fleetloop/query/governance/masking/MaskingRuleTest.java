package io.fleetloop.query.governance.masking;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaskingRuleTest {

    @Test
    void strategyParametersHaveDefaults() {
        MaskingRule mask = new MaskingRule(null, List.of(" vin "), MaskingStrategy.MASK, 50, null, null, null);
        MaskingRule truncate = new MaskingRule(null, List.of("lat"), MaskingStrategy.TRUNCATE, 50, null, null, null);

        assertThat(mask.name()).isEqualTo("vin");
        assertThat(mask.field()).containsExactly("vin");
        assertThat(mask.keepLast()).isZero();
        assertThat(truncate.decimals()).isEqualTo(2);
        assertThat(truncate.length()).isEqualTo(4);
    }

    @Test
    void aRuleNeedsAFieldAndAStrategy() {
        assertThatThrownBy(() -> new MaskingRule("x", List.of(), MaskingStrategy.MASK, 50, null, null, null))
                .hasMessageContaining("at least one field");
        assertThatThrownBy(() -> new MaskingRule("x", List.of("gps..lat"), MaskingStrategy.MASK, 50, null, null, null))
                .hasMessageContaining("at least one field");
        assertThatThrownBy(() -> new MaskingRule("x", List.of("vin"), null, 50, null, null, null))
                .hasMessageContaining("needs a strategy");
    }

    @Test
    void parametersAreChecked() {
        assertThatThrownBy(() -> MaskingRule.mask("vin", List.of("vin"), -1, 50)).hasMessageContaining("keep-last");
        assertThatThrownBy(() -> MaskingRule.truncate("gps", List.of("lat"), 16, 50)).hasMessageContaining("decimals");
        assertThatThrownBy(() -> new MaskingRule("gps", List.of("lat"), MaskingStrategy.REDACT, 50, null, 2, null))
                .hasMessageContaining("decimals applies to TRUNCATE only");
        assertThatThrownBy(() -> MaskingRule.redact("vin", List.of("vin"), -5)).hasMessageContaining("min-level");
    }

    @Test
    void clearForMeansAtOrAboveTheMinLevel() {
        MaskingRule rule = MaskingRule.redact("vin", List.of("vin"), 50);

        assertThat(rule.clearFor(49)).isFalse();
        assertThat(rule.clearFor(50)).isTrue();
        assertThat(rule.clearFor(100)).isTrue();
    }
}
