package io.fleetloop.formats.align;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class InterpolationTest {

    @Test
    void numbersAreLinearDiscreteValuesHoldAndEverythingElseTakesTheNearestSample() {
        assertThat(Interpolation.defaultFor(72.5)).isEqualTo(Interpolation.LINEAR);
        assertThat(Interpolation.defaultFor(3)).isEqualTo(Interpolation.LINEAR);
        assertThat(Interpolation.defaultFor("Left")).isEqualTo(Interpolation.HOLD);
        assertThat(Interpolation.defaultFor(true)).isEqualTo(Interpolation.HOLD);
        assertThat(Interpolation.defaultFor(Interpolation.HOLD)).isEqualTo(Interpolation.HOLD);
        assertThat(Interpolation.defaultFor(JsonNodeFactory.instance.objectNode())).isEqualTo(Interpolation.NEAREST);
        assertThat(Interpolation.defaultFor(new FrameRef("a.jpg", 1, 1, "jpg"))).isEqualTo(Interpolation.NEAREST);
        assertThat(Interpolation.defaultFor(new byte[] {1})).isEqualTo(Interpolation.NEAREST);
    }
}
