package io.fleetloop.workers.simulation.engine;

import io.fleetloop.api.simulation.ParamRange;
import io.fleetloop.api.simulation.ScenarioType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates one item of a scenario: draws its values from the ranges, runs the {@link World} for the item's duration
 * (internal step at most 20 ms, sampled at the sample rate), and renders: trajectories of ego and actors (NDJSON),
 * the ego's CAN signals (candump with {@link EgoCan#DBC}), one LiDAR frame at the moment the ego came closest to an
 * actor ({@link LidarScanner}, KITTI {@code .bin}) and that frame's ground-truth 3D boxes (JSON, the annotation
 * labels' fields). Everything follows from {@code (seed, index)}: the same pair always gives the same bytes.
 */
public final class SimulationEngine {

    private final LidarScanner scanner;

    public SimulationEngine(LidarScanner.Settings lidar) {
        this.scanner = new LidarScanner(lidar);
    }

    public SimulationEngine() {
        this(LidarScanner.Settings.defaults());
    }

    /** A ground-truth box in the LiDAR frame of the item's frame, with the number of LiDAR points on it. */
    public record GroundTruthBox(String id, String category, double x, double y, double z, double length, double width, double height,
                                 double yaw, int pointCount) {
    }

    public record Item(int index, ScenarioDraw draw, byte[] lidarBin, byte[] groundTruthJson, byte[] trajectoriesNdjson, byte[] candump,
                       List<GroundTruthBox> groundTruth, double frameTime, int pointCount, double minGap) {
    }

    public static long itemSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public Item generate(ScenarioType type, Map<String, ParamRange> params, long seed, int index) {
        SplittableRandom random = new SplittableRandom(itemSeed(seed, index));
        ScenarioDraw draw = ScenarioDraw.draw(params, random);
        double sampleRate = Math.max(1, draw.sampleRate());
        int substeps = (int) Math.ceil((1 / sampleRate) / 0.02);
        double dt = 1 / sampleRate / substeps;
        World world = new World(type, draw, random.split(), dt);
        int samples = (int) Math.round(draw.duration() * sampleRate) + 1;
        StringBuilder trajectories = new StringBuilder();
        EgoCan can = new EgoCan(type == ScenarioType.AGV_AISLE_CROSSING ? "agv0" : "can0");
        List<Agent.Pose> bestFrame = null;
        double bestGap = Double.POSITIVE_INFINITY, bestTime = 0, lastYaw = world.ego.yaw;
        for (int s = 0; s < samples; s++) {
            if (s > 0) for (int k = 0; k < substeps; k++) world.step();
            double t = s / sampleRate;
            List<Agent.Pose> frame = new ArrayList<>();
            frame.add(world.ego.pose(t));
            for (Agent a : world.actors) frame.add(a.pose(t));
            for (Agent.Pose p : frame) trajectories.append(json(p, p.id().equals("ego") ? "ego" : "actor")).append('\n');
            double yawRate = s == 0 ? 0 : BicycleModel.wrap(world.ego.yaw - lastYaw) * sampleRate;
            lastYaw = world.ego.yaw;
            can.sample(t, world.ego.v, world.ego.accel, yawRate, world.ego.steer);
            double gap = nearestGap(world);
            if (gap < bestGap) {
                bestGap = gap;
                bestFrame = frame;
                bestTime = t;
            }
        }
        return render(index, draw, bestFrame, bestTime, bestGap, trajectories, can, random.split());
    }

    private Item render(int index, ScenarioDraw draw, List<Agent.Pose> frame, double time, double gap, StringBuilder trajectories,
                        EgoCan can, SplittableRandom random) {
        Agent.Pose ego = frame.get(0);
        double cos = StrictMath.cos(-ego.yaw()), sin = StrictMath.sin(-ego.yaw());
        double h = scanner.settings().sensorHeight();
        List<LidarScanner.Box> boxes = new ArrayList<>();
        List<Agent.Pose> actors = frame.subList(1, frame.size());
        for (Agent.Pose a : actors) {
            double rx = a.x() - ego.x(), ry = a.y() - ego.y();
            boxes.add(new LidarScanner.Box(cos * rx - sin * ry, sin * rx + cos * ry, -h + a.height() / 2, a.length(), a.width(), a.height(),
                    BicycleModel.wrap(a.yaw() - ego.yaw()), a.category().equals("Car") ? 0.6 : 0.4));
        }
        double drop = Math.min(0.6, Math.max(0, draw.rainRate()) / 150);
        LidarScanner.Scan scan = scanner.scan(boxes, Math.max(0, draw.lidarNoise()), drop, random);
        List<GroundTruthBox> truth = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            LidarScanner.Box b = boxes.get(i);
            Agent.Pose a = actors.get(i);
            truth.add(new GroundTruthBox(a.id(), a.category(), r(b.x()), r(b.y()), r(b.z()), r(b.length()), r(b.width()), r(b.height()),
                    r(b.yaw()), scan.hitsPerBox()[i]));
        }
        return new Item(index, draw, scan.kittiBin(), groundTruthJson(truth, time, h).getBytes(StandardCharsets.UTF_8),
                trajectories.toString().getBytes(StandardCharsets.UTF_8), can.text().getBytes(StandardCharsets.US_ASCII),
                truth, time, scan.size(), gap);
    }

    private static double nearestGap(World world) {
        double best = Double.POSITIVE_INFINITY;
        for (Agent a : world.actors) {
            best = Math.min(best, Math.hypot(a.x - world.ego.x, a.y - world.ego.y));
        }
        return best;
    }

    private static String json(Agent.Pose p, String role) {
        return String.format(Locale.ROOT,
                "{\"t\":%.3f,\"id\":\"%s\",\"role\":\"%s\",\"category\":\"%s\",\"x\":%.4f,\"y\":%.4f,\"yaw\":%.5f,\"speed\":%.4f,"
                        + "\"accel\":%.4f,\"steer\":%.5f,\"length\":%.2f,\"width\":%.2f,\"height\":%.2f}",
                p.t(), p.id(), role, p.category(), p.x(), p.y(), p.yaw(), p.v(), p.accel(), p.steer(), p.length(), p.width(), p.height());
    }

    /** {@code {"format":"fleetloop-ground-truth/1","frame":"lidar",...,"boxes":[{"category","box3d":{...},"pointCount"}]}}. */
    static String groundTruthJson(List<GroundTruthBox> boxes, double time, double sensorHeight) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "{\"format\":\"fleetloop-ground-truth/1\",\"frame\":\"lidar\",\"t\":%.3f,\"sensorHeight\":%.2f,\"boxes\":[",
                time, sensorHeight));
        for (int i = 0; i < boxes.size(); i++) {
            GroundTruthBox b = boxes.get(i);
            if (i > 0) out.append(',');
            out.append(String.format(Locale.ROOT,
                    "{\"id\":\"%s\",\"category\":\"%s\",\"box3d\":{\"x\":%.3f,\"y\":%.3f,\"z\":%.3f,\"length\":%.3f,\"width\":%.3f,"
                            + "\"height\":%.3f,\"yaw\":%.4f},\"pointCount\":%d}",
                    b.id(), b.category(), b.x(), b.y(), b.z(), b.length(), b.width(), b.height(), b.yaw(), b.pointCount()));
        }
        return out.append("]}").toString();
    }

    private static double r(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
