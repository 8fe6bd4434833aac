package io.fleetloop.platform.axon;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The comparison switch: tracking processors become pooled ones with one segment each unless a count is configured. */
class ProcessorModeOverrideTest {

    private static StandardEnvironment environment(String streaming) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "fleetloop.processors.streaming", streaming,
                "axon.eventhandling.processors.asset-catalog.mode", "tracking",
                "axon.eventhandling.processors.audit-trail.mode", "tracking",
                "axon.eventhandling.processors.audit-trail.initial-segment-count", "4",
                "axon.eventhandling.processors.command-lookups.mode", "subscribing")));
        new ProcessorModeOverride().postProcessEnvironment(environment, null);
        return environment;
    }

    @Test
    void pooledKeepsOneSegmentPerProcessorUnlessACountIsConfigured() {
        StandardEnvironment pooled = environment("pooled");
        assertThat(pooled.getProperty("axon.eventhandling.processors.asset-catalog.mode")).isEqualTo("pooled");
        assertThat(pooled.getProperty("axon.eventhandling.processors.asset-catalog.initial-segment-count")).isEqualTo("1");
        assertThat(pooled.getProperty("axon.eventhandling.processors.audit-trail.mode")).isEqualTo("pooled");
        assertThat(pooled.getProperty("axon.eventhandling.processors.audit-trail.initial-segment-count")).isEqualTo("4");
        assertThat(pooled.getProperty("axon.eventhandling.processors.command-lookups.mode")).isEqualTo("subscribing");
    }

    @Test
    void trackingChangesNothingAndAnotherValueIsRefused() {
        StandardEnvironment tracking = environment("tracking");
        assertThat(tracking.getProperty("axon.eventhandling.processors.asset-catalog.mode")).isEqualTo("tracking");
        assertThat(tracking.getProperty("axon.eventhandling.processors.asset-catalog.initial-segment-count")).isNull();
        assertThatThrownBy(() -> environment("fast")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'fast'");
    }
}
