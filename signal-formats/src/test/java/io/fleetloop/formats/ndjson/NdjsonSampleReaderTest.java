package io.fleetloop.formats.ndjson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.SourceError;
import io.fleetloop.formats.TimeUnitScale;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonSampleReaderTest {

    private static final String LOG = """
            {"ts_ns": 1000, "type": "objects", "objects": [{"id": 7, "cls": "car", "x": 12.5}]}
            {"ts_ns": 1100, "type": "trajectory", "points": [[0, 0], [1, 0.1]]}
            {"ts_ns": 1200, "type": "control", "steer": -0.02, "throttle": 0.3}
            {"ts_ns": 13
            {"type": "control", "steer": 0.0}
            [1, 2, 3]
            {"ts_ns": 1500, "type": "control", "steer": 0.01, "throttle": 0.2}
            """;

    @Test
    void eachLineBecomesAJsonSampleOnItsTypeChannel() {
        NdjsonSampleReader reader = new NdjsonSampleReader(new StringReader(LOG),
                new NdjsonMapping("/ts_ns", TimeUnitScale.NANOSECONDS, "planner.", "/type", ""));
        List<Sample> samples = new ArrayList<>();
        reader.forEachRemaining(samples::add);

        assertThat(samples).extracting(Sample::channel)
                .containsExactly("planner.objects", "planner.trajectory", "planner.control", "planner.control");
        assertThat(samples).extracting(Sample::timestampNanos).containsExactly(1000L, 1100L, 1200L, 1500L);
        assertThat(((JsonNode) samples.get(2).value()).get("steer").asDouble()).isEqualTo(-0.02);
        assertThat(reader.skippedLines()).isEqualTo(3);
        assertThat(reader.errors()).extracting(SourceError::position).containsExactly(4L, 5L, 6L);
        assertThat(reader.errors().get(1).reason()).isEqualTo("no timestamp at /ts_ns");
    }
}
