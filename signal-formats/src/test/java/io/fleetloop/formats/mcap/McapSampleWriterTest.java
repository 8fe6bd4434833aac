package io.fleetloop.formats.mcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.formats.Sample;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McapSampleWriterTest {

    @TempDir
    Path dir;

    @Test
    void samplesOfAnySourceRoundTripThroughJsonChannels() throws IOException {
        Path file = dir.resolve("aligned.mcap");
        JsonNode objects = new ObjectMapper().readTree("{\"objects\":[{\"id\":7}]}");
        try (OutputStream out = Files.newOutputStream(file);
             McapSampleWriter writer = new McapSampleWriter(out, McapWriter.Options.defaults())) {
            writer.write(new Sample("VehicleDynamics.VehicleSpeed", 1_000, 72.5));
            writer.write(new Sample("BodyStatus.TurnSignal", 1_500, "Left"));
            writer.write(new Sample("perception.objects", 2_000, objects));
            writer.write(new Sample("VehicleDynamics.VehicleSpeed", 3_000, 72.0));
        }

        try (McapReader reader = McapReader.open(file)) {
            List<Sample> samples = new ArrayList<>();
            reader.samples(McapQuery.all()).forEachRemaining(samples::add);

            assertThat(samples).extracting(Sample::channel).containsExactly("VehicleDynamics.VehicleSpeed",
                    "BodyStatus.TurnSignal", "perception.objects", "VehicleDynamics.VehicleSpeed");
            assertThat(((JsonNode) samples.get(0).value()).get("value").asDouble()).isEqualTo(72.5);
            assertThat(((JsonNode) samples.get(1).value()).get("value").asText()).isEqualTo("Left");
            assertThat(samples.get(2).value()).isEqualTo(objects);
            assertThat(reader.statistics().orElseThrow().channelMessageCounts()).containsEntry(1, 2L);
            assertThat(reader.schemas().get(1).encoding()).isEqualTo("jsonschema");
        }
    }
}
