package io.fleetloop.workers.simulation.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A spinning LiDAR by ray casting: {@code channels} beams between {@code minElevation} and {@code maxElevation}
 * degrees, {@code azimuthSteps} firings per turn, mounted {@code sensorHeight} above the ground at the ego's position
 * and heading. Each ray hits the nearest of the agents' oriented boxes (slab test in the box's frame) or the ground
 * plane within {@code maxRange}; the range gets Gaussian noise and rain drops returns. Points are in the sensor frame
 * (x forward, y left, z up; the ground at z = -sensorHeight), written as a KITTI velodyne {@code .bin}
 * (x, y, z, reflectance as little-endian float32).
 */
public final class LidarScanner {

    public record Settings(int channels, int azimuthSteps, double minElevationDeg, double maxElevationDeg, double sensorHeight,
                           double maxRange) {
        public static Settings defaults() {
            return new Settings(32, 1024, -24.8, 2.0, 1.73, 80);
        }
    }

    /** A scan: points (x, y, z, reflectance) and how many points fell on each box. */
    public record Scan(float[] points, int[] hitsPerBox) {
        public int size() {
            return points.length / 4;
        }

        public byte[] kittiBin() {
            ByteBuffer buffer = ByteBuffer.allocate(points.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float p : points) buffer.putFloat(p);
            return buffer.array();
        }
    }

    /** An upright box in the sensor frame: centre (z of the centre), dimensions and yaw. */
    public record Box(double x, double y, double z, double length, double width, double height, double yaw, double reflectance) {
    }

    private final Settings settings;

    public LidarScanner(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    public Scan scan(List<Box> boxes, double rangeNoise, double dropProbability, SplittableRandom random) {
        int rays = settings.channels() * settings.azimuthSteps();
        float[] out = new float[rays * 4];
        int[] hits = new int[boxes.size()];
        int n = 0;
        double[][] boxFrames = new double[boxes.size()][];
        for (int b = 0; b < boxes.size(); b++) {
            Box box = boxes.get(b);
            boxFrames[b] = new double[]{StrictMath.cos(box.yaw()), StrictMath.sin(box.yaw())};
        }
        for (int c = 0; c < settings.channels(); c++) {
            double elevation = Math.toRadians(settings.minElevationDeg()
                    + (settings.maxElevationDeg() - settings.minElevationDeg()) * c / Math.max(1, settings.channels() - 1));
            double dz = StrictMath.sin(elevation), horizontal = StrictMath.cos(elevation);
            for (int a = 0; a < settings.azimuthSteps(); a++) {
                double azimuth = 2 * Math.PI * a / settings.azimuthSteps();
                double dx = horizontal * StrictMath.cos(azimuth), dy = horizontal * StrictMath.sin(azimuth);
                double best = settings.maxRange();
                int hitBox = -2;
                if (dz < 0) {
                    double t = -settings.sensorHeight() / dz;
                    if (t < best) {
                        best = t;
                        hitBox = -1;
                    }
                }
                for (int b = 0; b < boxes.size(); b++) {
                    double t = intersect(boxes.get(b), boxFrames[b][0], boxFrames[b][1], dx, dy, dz, best);
                    if (t < best) {
                        best = t;
                        hitBox = b;
                    }
                }
                // always draw both numbers, so the sequence (and thus every other ray) does not depend on hits
                double drop = random.nextDouble();
                double noise = gaussian(random) * rangeNoise;
                if (hitBox == -2 || drop < dropProbability) continue;
                double range = Math.max(0.5, best + noise);
                out[n++] = (float) (dx * range);
                out[n++] = (float) (dy * range);
                out[n++] = (float) (dz * range);
                out[n++] = (float) (hitBox == -1 ? 0.15 : boxes.get(hitBox).reflectance());
                if (hitBox >= 0) hits[hitBox]++;
            }
        }
        return new Scan(java.util.Arrays.copyOf(out, n), hits);
    }

    /**
     * Distance along the unit ray from the sensor origin to the box, or {@code +∞}: the ray is turned into the box's
     * frame and clipped against its three slabs.
     */
    static double intersect(Box box, double cos, double sin, double dx, double dy, double dz, double limit) {
        // origin relative to the box centre, rotated by -yaw
        double ox = -box.x(), oy = -box.y(), oz = -box.z();
        double lox = cos * ox + sin * oy, loy = -sin * ox + cos * oy;
        double ldx = cos * dx + sin * dy, ldy = -sin * dx + cos * dy;
        double tMin = 0, tMax = limit;
        double[] origin = {lox, loy, oz};
        double[] direction = {ldx, ldy, dz};
        double[] half = {box.length() / 2, box.width() / 2, box.height() / 2};
        for (int k = 0; k < 3; k++) {
            if (Math.abs(direction[k]) < 1e-12) {
                if (Math.abs(origin[k]) > half[k]) return Double.POSITIVE_INFINITY;
                continue;
            }
            double t1 = (-half[k] - origin[k]) / direction[k];
            double t2 = (half[k] - origin[k]) / direction[k];
            if (t1 > t2) {
                double s = t1;
                t1 = t2;
                t2 = s;
            }
            tMin = Math.max(tMin, t1);
            tMax = Math.min(tMax, t2);
            if (tMin > tMax) return Double.POSITIVE_INFINITY;
        }
        return tMin > 0 ? tMin : Double.POSITIVE_INFINITY;
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = Math.max(1e-12, random.nextDouble()), u2 = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
