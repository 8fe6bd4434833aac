package io.fleetloop.edge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.dbc.DbcParser;
import io.fleetloop.formats.mcap.McapQuery;
import io.fleetloop.formats.mcap.McapReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordedDriveTest {

    @TempDir
    Path dir;

    @Test
    void aRecordingHoldsEverySourceKindWithLidarFramesAndTheirIndex() throws IOException {
        List<RecordedDrive.RecordedFile> files = new RecordedDrive(1_780_000_000L, 20, 7).writeTo(dir, false);
        Map<String, Long> kinds = files.stream().collect(Collectors.groupingBy(RecordedDrive.RecordedFile::kind, Collectors.counting()));
        assertThat(kinds).containsEntry("DBC", 1L).containsEntry("CAN", 1L).containsEntry("IMU", 1L).containsEntry("GNSS", 1L)
                .containsEntry("PERCEPTION", 1L).containsEntry("MCAP", 1L).containsEntry("LIDAR", 200L);
        for (RecordedDrive.RecordedFile file : files) assertThat(file.path()).isRegularFile();

        List<String> index = Files.readAllLines(dir.resolve("lidar/index.csv"));
        assertThat(index).hasSize(201);
        assertThat(index.get(0)).isEqualTo("path,timestamp");
        assertThat(index.get(1)).isEqualTo("000000.bin,1780000000000000000");
        assertThat(index.get(200)).isEqualTo("000199.bin,1780000019900000000");
        assertThat(Files.size(dir.resolve("lidar/000042.bin"))).isEqualTo(RecordedDrive.POINTS_PER_FRAME * 16L);
    }

    @Test
    void theLidarSeesThePedestrianThatPerceptionDropsForTwoSeconds() throws IOException {
        RecordedDrive drive = new RecordedDrive(1_780_000_000L, 20, 7);
        drive.writeTo(dir, false);
        int missFrame = drive.missFromSecond() * RecordedDrive.LIDAR_HZ;
        assertThat(nearPoints(dir.resolve(String.format("lidar/%06d.bin", missFrame + 5)))).as("pedestrian points 12 m ahead").isGreaterThan(100);
        assertThat(nearPoints(dir.resolve("lidar/000010.bin"))).isZero();

        List<String> lines = Files.readAllLines(dir.resolve("perception.ndjson"));
        assertThat(lines).hasSize(200);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        JsonNode before = json.readTree(lines.get((drive.missFromSecond() - 1) * 10 + 5));
        JsonNode during = json.readTree(lines.get(drive.missFromSecond() * 10 + 5));
        assertThat(before.path("objects")).anySatisfy(o -> assertThat(o.path("category").asText()).isEqualTo("pedestrian"));
        assertThat(during.path("objects")).noneSatisfy(o -> assertThat(o.path("category").asText()).isEqualTo("pedestrian"));
    }

    @Test
    void theCanLogDecodesWithItsDbcAndTheMcapReadsBack() throws IOException {
        new RecordedDrive(1_780_000_000L, 20, 7).writeTo(dir, false);
        var dbc = DbcParser.parse(Files.readString(dir.resolve("drive.dbc")));
        assertThat(dbc.messages()).isNotEmpty();
        assertThat(Files.readAllLines(dir.resolve("can.log"), StandardCharsets.UTF_8).get(0)).matches("\\(\\d+\\.\\d{6}\\) can0 [0-9A-F]+#[0-9A-F]*");

        try (McapReader reader = McapReader.open(dir.resolve("drive.mcap"))) {
            List<Sample> samples = new java.util.ArrayList<>();
            reader.samples(McapQuery.all()).forEachRemaining(samples::add);
            assertThat(samples).hasSize(600);
            assertThat(samples.stream().map(Sample::channel).distinct()).containsExactlyInAnyOrder("/perception/objects",
                    "/planning/trajectory", "/control/command");
        }
    }

    @Test
    void deviceUploadsAreFramesOnlyAndAShortDriveIsRefused() throws IOException {
        List<RecordedDrive.RecordedFile> files = new RecordedDrive(1_780_000_000L, 20, 8).writeTo(dir, true);
        assertThat(files).allSatisfy(f -> assertThat(f.kind()).isEqualTo("LIDAR")).hasSize(200);
        assertThat(dir.resolve("can.log")).doesNotExist();
        assertThatThrownBy(() -> new RecordedDrive(0, 5, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theModelPackageNamesItsDatasetsAndIsDeterministic() {
        byte[] a = ModelPackage.build("perception-1", List.of("dataset-1"), new Random(3));
        byte[] b = ModelPackage.build("perception-1", List.of("dataset-1"), new Random(3));
        assertThat(a).isEqualTo(b);
        String header = new String(a, 0, 200, StandardCharsets.UTF_8).split("\n")[0];
        assertThat(header).contains("\"version\":\"perception-1\"").contains("\"trainedOn\":[\"dataset-1\"]");
        assertThat(a.length).isEqualTo(header.length() + 1 + ModelPackage.WEIGHTS);
    }

    private static int nearPoints(Path frame) throws IOException {
        ByteBuffer points = ByteBuffer.wrap(Files.readAllBytes(frame)).order(ByteOrder.LITTLE_ENDIAN);
        int near = 0;
        while (points.remaining() >= 16) {
            float x = points.getFloat();
            float y = points.getFloat();
            float z = points.getFloat();
            points.getFloat();
            if (Math.abs(x - 12) < 1.5 && Math.abs(y) < 4 && z > -1.2) near++;
        }
        return near;
    }
}
