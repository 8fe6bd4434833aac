package io.fleetloop.edge.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.formats.Sample;
import io.fleetloop.formats.mcap.McapSampleWriter;
import io.fleetloop.formats.mcap.McapWriter;
import io.fleetloop.formats.synthetic.SyntheticDrive;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A recorded drive as a vehicle would upload it, generated deterministically: CAN (candump log + its DBC), IMU and GNSS
 * CSV (from {@link SyntheticDrive}), perception outputs as NDJSON at 10 Hz (objects, planned trajectory, control), LiDAR
 * frames at 10 Hz as KITTI-style {@code .bin} (x, y, z, intensity as little-endian floats) with a sidecar index
 * ({@code lidar/index.csv}: path, timestamp in nanoseconds), and an MCAP holding the perception topics. A pedestrian
 * crosses late in the drive, seen by LiDAR but dropped by perception for a few frames: the takeover to mark.
 */
public final class RecordedDrive {

    /** One file of the recording and the session source kind it is read as. */
    public record RecordedFile(Path path, String kind) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int LIDAR_HZ = 10;
    static final int POINTS_PER_FRAME = 1500;

    private final long startEpochSeconds;
    private final int seconds;
    private final long seed;

    public RecordedDrive(long startEpochSeconds, int seconds, long seed) {
        if (seconds < 20) throw new IllegalArgumentException("a drive lasts at least 20 s (the synthetic drive accelerates and brakes), was " + seconds);
        this.startEpochSeconds = startEpochSeconds;
        this.seconds = seconds;
        this.seed = seed;
    }

    /** The second (from the start) where perception misses the pedestrian, and for how long. */
    public int missFromSecond() {
        return seconds - 8;
    }

    public int missSeconds() {
        return 2;
    }

    /** Writes every file under {@code dir} and returns them with their kinds; {@code lidarOnly} writes just the frames. */
    public List<RecordedFile> writeTo(Path dir, boolean lidarOnly) throws IOException {
        Files.createDirectories(dir.resolve("lidar"));
        List<RecordedFile> files = new ArrayList<>();
        if (!lidarOnly) {
            new SyntheticDrive(new SyntheticDrive.Config(startEpochSeconds * 1_000_000_000L, seconds * 1_000_000_000L, seed, 0)).writeTo(dir);
            files.add(new RecordedFile(dir.resolve("drive.dbc"), "DBC"));
            files.add(new RecordedFile(dir.resolve("can.log"), "CAN"));
            files.add(new RecordedFile(dir.resolve("imu.csv"), "IMU"));
            files.add(new RecordedFile(dir.resolve("gnss.csv"), "GNSS"));
            writePerception(dir.resolve("perception.ndjson"), dir.resolve("drive.mcap"));
            files.add(new RecordedFile(dir.resolve("perception.ndjson"), "PERCEPTION"));
            files.add(new RecordedFile(dir.resolve("drive.mcap"), "MCAP"));
        }
        Random random = new Random(seed);
        StringBuilder index = new StringBuilder("path,timestamp\n");
        for (int frame = 0; frame < seconds * LIDAR_HZ; frame++) {
            String name = String.format(Locale.ROOT, "%06d.bin", frame);
            long nanos = startEpochSeconds * 1_000_000_000L + frame * (1_000_000_000L / LIDAR_HZ);
            Files.write(dir.resolve("lidar").resolve(name), lidarFrame(random, frame));
            files.add(new RecordedFile(dir.resolve("lidar").resolve(name), "LIDAR"));
            index.append(name).append(',').append(nanos).append('\n');
        }
        Files.writeString(dir.resolve("lidar").resolve("index.csv"), index.toString(), StandardCharsets.UTF_8);
        return files;
    }

    /** Ground ring plus, in the crossing window, a pedestrian-sized cluster 12 m ahead. */
    private byte[] lidarFrame(Random random, int frame) {
        ByteBuffer points = ByteBuffer.allocate(POINTS_PER_FRAME * 16).order(ByteOrder.LITTLE_ENDIAN);
        double second = (double) frame / LIDAR_HZ;
        boolean pedestrian = second >= missFromSecond() - 1 && second < missFromSecond() + missSeconds() + 1;
        for (int i = 0; i < POINTS_PER_FRAME; i++) {
            if (pedestrian && i < 200) {
                points.putFloat((float) (12 + random.nextGaussian() * 0.2)).putFloat((float) (1 - (second - missFromSecond()) + random.nextGaussian() * 0.2))
                        .putFloat((float) (-0.9 + random.nextDouble() * 1.7)).putFloat(0.6f);
            } else {
                double angle = 2 * Math.PI * i / POINTS_PER_FRAME;
                double range = 8 + random.nextDouble() * 30;
                points.putFloat((float) (range * Math.cos(angle))).putFloat((float) (range * Math.sin(angle))).putFloat(-1.7f)
                        .putFloat((float) random.nextDouble() * 0.3f);
            }
        }
        return points.array();
    }

    private void writePerception(Path ndjson, Path mcap) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(ndjson, StandardCharsets.UTF_8);
             OutputStream mcapOut = Files.newOutputStream(mcap);
             McapSampleWriter writer = new McapSampleWriter(mcapOut, McapWriter.Options.defaults())) {
            for (int frame = 0; frame < seconds * 10; frame++) {
                double second = frame / 10.0;
                long nanos = startEpochSeconds * 1_000_000_000L + frame * 100_000_000L;
                ObjectNode line = JSON.createObjectNode().put("timestamp_ns", nanos).put("type", "objects");
                ArrayNode objects = line.putArray("objects");
                objects.addObject().put("id", 1).put("category", "car").put("x", 35 + 5 * Math.sin(second / 7)).put("y", 0.2).put("confidence", 0.93);
                boolean crossing = second >= missFromSecond() - 1 && second < missFromSecond() + missSeconds() + 1;
                boolean missed = second >= missFromSecond() && second < missFromSecond() + missSeconds();
                if (crossing && !missed) {
                    objects.addObject().put("id", 2).put("category", "pedestrian").put("x", 12.0).put("y", 1 - (second - missFromSecond()))
                            .put("confidence", 0.71);
                }
                ArrayNode trajectory = line.putArray("planned_trajectory");
                for (int step = 1; step <= 5; step++) trajectory.addObject().put("t", step * 0.5).put("x", step * 8.0).put("y", 0.0);
                line.putObject("control").put("throttle", missed ? 0.12 : 0.1).put("brake", crossing && !missed ? 0.4 : 0.0)
                        .put("steer", 0.0);
                out.write(JSON.writeValueAsString(line));
                out.write('\n');
                writer.write(new Sample("/perception/objects", nanos, line.get("objects")));
                writer.write(new Sample("/planning/trajectory", nanos, line.get("planned_trajectory")));
                writer.write(new Sample("/control/command", nanos, line.get("control")));
            }
        }
    }
}
