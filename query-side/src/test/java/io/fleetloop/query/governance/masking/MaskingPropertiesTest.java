package io.fleetloop.query.governance.masking;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The documented YAML shape binds as documented (a Binder over plain properties; no application context). */
class MaskingPropertiesTest {

    @Test
    void withoutRulesTheDefaultsApplyAndMaskingIsOn() {
        MaskingProperties properties = bind(Map.of());

        assertThat(properties.enabled()).isTrue();
        assertThat(properties.rules()).isEmpty();
        assertThat(properties.effectiveRules()).isEqualTo(MaskingRule.DEFAULTS);
    }

    @Test
    void configuredRulesReplaceTheDefaults() {
        MaskingProperties properties = bind(Map.of(
                "fleetloop.masking.rules[0].name", "vin",
                "fleetloop.masking.rules[0].field", "vin",
                "fleetloop.masking.rules[0].strategy", "hash",
                "fleetloop.masking.rules[0].min-level", "90",
                "fleetloop.masking.rules[1].field[0]", "gps.latitude",
                "fleetloop.masking.rules[1].field[1]", "gps.longitude",
                "fleetloop.masking.rules[1].strategy", "TRUNCATE",
                "fleetloop.masking.rules[1].min-level", "50",
                "fleetloop.masking.rules[1].decimals", "1",
                "fleetloop.masking.enabled", "false"));

        assertThat(properties.enabled()).isFalse();
        assertThat(properties.effectiveRules()).containsExactly(
                MaskingRule.hash("vin", List.of("vin"), 90),
                MaskingRule.truncate("gps.latitude", List.of("gps.latitude", "gps.longitude"), 1, 50));
    }

    @Test
    void aCommaSeparatedFieldListBinds() {
        MaskingProperties properties = bind(Map.of(
                "fleetloop.masking.rules[0].field", "plate, licensePlate",
                "fleetloop.masking.rules[0].strategy", "MASK",
                "fleetloop.masking.rules[0].keep-last", "2",
                "fleetloop.masking.rules[0].min-level", "60"));

        assertThat(properties.rules().get(0)).isEqualTo(MaskingRule.mask("plate", List.of("plate", "licensePlate"), 2, 60));
    }

    @Test
    void aRuleWithoutMinLevelIsClearOnlyToPlatformAdmins() {
        MaskingProperties properties = bind(Map.of(
                "fleetloop.masking.rules[0].field", "vin",
                "fleetloop.masking.rules[0].strategy", "REDACT"));

        assertThat(properties.rules().get(0).minLevel()).isEqualTo(100);
    }

    @Test
    void aParameterOfAnotherStrategyIsRefusedAtStart() {
        assertThatThrownBy(() -> bind(Map.of(
                "fleetloop.masking.rules[0].field", "vin",
                "fleetloop.masking.rules[0].strategy", "HASH",
                "fleetloop.masking.rules[0].keep-last", "4")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("keep-last applies to MASK only");
    }

    @Test
    void theHashKeyStaysOutOfToString() {
        MaskingProperties properties = bind(Map.of("fleetloop.masking.hash-key", "a-very-secret-key-value"));

        assertThat(properties.hashKey()).isEqualTo("a-very-secret-key-value");
        assertThat(properties.toString()).doesNotContain("secret");
    }

    private static MaskingProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("fleetloop.masking", MaskingProperties.class);
    }
}
