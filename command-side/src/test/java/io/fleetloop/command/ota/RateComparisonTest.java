package io.fleetloop.command.ota;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RateComparisonTest {

    @Test
    void noTriggersOnTheNewSideAgainstFortyOnTheOldIsStrongEvidenceOfBetter() {
        // p0 = 200 * 0.8 / (200 * 0.8 + 200) = 4/9; P(X <= 0) = (5/9)^40
        assertThat(RateComparison.pValueBetter(0, 200, 40, 200, 0.2)).isCloseTo(Math.pow(5.0 / 9, 40), within(1e-15));
    }

    @Test
    void theLowerTailSumsEveryCountUpToTheObservedOne() {
        // n = 3, p0 = 0.5 (margin 0, equal km): P(X <= 1) = (1 + 3) / 8
        assertThat(RateComparison.pValueBetter(1, 100, 2, 100, 0)).isCloseTo(0.5, within(1e-12));
        assertThat(RateComparison.pValueBetter(3, 100, 0, 100, 0)).isEqualTo(1.0);
    }

    @Test
    void equalRatesAreNoEvidenceEitherWay() {
        assertThat(RateComparison.pValueBetter(20, 100, 20, 100, 0.2)).isGreaterThan(0.5);
        assertThat(RateComparison.pValueWorse(20, 100, 20, 100, 0.2)).isGreaterThan(0.5);
    }
}
