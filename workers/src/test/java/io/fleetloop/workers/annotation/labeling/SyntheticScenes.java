package io.fleetloop.workers.annotation.labeling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded street scenes with known boxes, for tests and benchmarks of 3D labelers: a ground plane (tilted a little,
 * rough), cars, pedestrians and cyclists at non-overlapping positions and headings, and clutter (walls, poles, bins,
 * stray returns), seen by a simulated spinning 64-beam LiDAR (the HDL-64E's beam elevations, 0.18° azimuth steps,
 * 10 Hz) 1.73 m above the ground. Every beam is ray-cast, so objects hide what is behind them, point density falls
 * with range, and only the sides facing the sensor get points. Objects are made of boxes: a car is a body, a
 * narrower band of bonnet, boot and lower windows and a roof with glass that lets some beams through; a pedestrian a
 * body about half as deep as the label box (which spans the stride); a cyclist a see-through bicycle and a rider.
 * Sizes follow the KITTI label averages (cars a little larger: 4.2 × 1.8 × 1.5 m). The same seed always gives the
 * same scene.
 */
public final class SyntheticScenes {

    private SyntheticScenes() {
    }

    /**
     * @param cars                      cars placed (fewer when no free spot is found), 4-62 m ahead, within 20 m
     *                                  either side, as are pedestrians and cyclists; walls stand 8-38 m to the side,
     *                                  poles and clutter (bins, boxes, bushes) anywhere ahead
     * @param maxGroundTiltDegrees      the ground's tilt is drawn up to this, in a random direction
     * @param groundRoughness           standard deviation of the ground's height, metres
     * @param rangeNoise                standard deviation of each range measurement, metres
     * @param dropout                   share of beams that return nothing
     * @param azimuthResolutionDegrees  horizontal step between firings
     * @param maxRange                  farthest return, metres
     * @param noisePoints               stray returns scattered over the region ahead
     */
    public record Settings(int cars, int pedestrians, int cyclists, int walls, int poles, int clutter, int noisePoints,
                           double maxGroundTiltDegrees, double groundRoughness, double rangeNoise, double dropout,
                           double azimuthResolutionDegrees, double maxRange, double sensorHeight) {

        public static Settings defaults() {
            return new Settings(8, 5, 3, 2, 6, 4, 300, 2.0, 0.02, 0.02, 0.03, 0.18, 100, 1.73);
        }

        public Settings withObjects(int cars, int pedestrians, int cyclists) {
            return new Settings(cars, pedestrians, cyclists, walls, poles, clutter, noisePoints, maxGroundTiltDegrees,
                    groundRoughness, rangeNoise, dropout, azimuthResolutionDegrees, maxRange, sensorHeight);
        }

        public Settings withClutter(int walls, int poles, int clutter, int noisePoints) {
            return new Settings(cars, pedestrians, cyclists, walls, poles, clutter, noisePoints, maxGroundTiltDegrees,
                    groundRoughness, rangeNoise, dropout, azimuthResolutionDegrees, maxRange, sensorHeight);
        }

        public Settings withMaxGroundTilt(double degrees) {
            return new Settings(cars, pedestrians, cyclists, walls, poles, clutter, noisePoints, degrees,
                    groundRoughness, rangeNoise, dropout, azimuthResolutionDegrees, maxRange, sensorHeight);
        }
    }

    /**
     * A generated scene.
     *
     * @param groundTruth    the cars, pedestrians and cyclists placed (confidence 1), centre at half height
     * @param pointsOnObject how many points of the cloud fell on each ground-truth object, in the same order
     */
    public record Scene(long seed, PointCloud cloud, List<Box3D> groundTruth, List<Integer> pointsOnObject) {

        /** The ground truth a LiDAR could see: at least {@code minPoints} points on the object. */
        public List<Box3D> visibleGroundTruth(int minPoints) {
            return select(minPoints, true);
        }

        /** The rest: objects hidden behind others or too far to get {@code minPoints} points. */
        public List<Box3D> hiddenGroundTruth(int minPoints) {
            return select(minPoints, false);
        }

        private List<Box3D> select(int minPoints, boolean visible) {
            List<Box3D> selected = new ArrayList<>();
            for (int k = 0; k < groundTruth.size(); k++) {
                if ((pointsOnObject.get(k) >= minPoints) == visible) selected.add(groundTruth.get(k));
            }
            return selected;
        }
    }

    public static Scene generate(long seed) {
        return generate(seed, Settings.defaults());
    }

    public static Scene generate(long seed, Settings settings) {
        return new Generator(seed, settings).run();
    }

    /** One solid of an object: an upright box with its bottom and top heights, possibly letting some beams through. */
    private record Part(int owner, double cx, double cy, double zBottom, double zTop, double halfLength,
                        double halfWidth, double cos, double sin, double opacity, double reflectance) {

        /** Distance along the ray from the origin in direction d to where it enters this box, or NaN. */
        double entry(double dx, double dy, double dz) {
            double px = -cx * cos - cy * sin, py = cx * sin - cy * cos; // the origin in the box's frame
            double ex = dx * cos + dy * sin, ey = -dx * sin + dy * cos;
            double near = 0, far = Double.POSITIVE_INFINITY;
            double[] slab = {px, ex, -halfLength, halfLength, py, ey, -halfWidth, halfWidth, 0, dz, zBottom, zTop};
            for (int k = 0; k < 12; k += 4) {
                double p = slab[k], d = slab[k + 1], lo = slab[k + 2], hi = slab[k + 3];
                if (Math.abs(d) < 1e-12) {
                    if (p < lo || p > hi) return Double.NaN;
                    continue;
                }
                double t1 = (lo - p) / d, t2 = (hi - p) / d;
                near = Math.max(near, Math.min(t1, t2));
                far = Math.min(far, Math.max(t1, t2));
                if (near > far) return Double.NaN;
            }
            return near > 0 ? near : Double.NaN;
        }

        double[] bevCorners() {
            double[] corners = new double[8];
            double[][] local = {{halfLength, halfWidth}, {-halfLength, halfWidth}, {-halfLength, -halfWidth}, {halfLength, -halfWidth}};
            for (int k = 0; k < 4; k++) {
                corners[2 * k] = cx + local[k][0] * cos - local[k][1] * sin;
                corners[2 * k + 1] = cy + local[k][0] * sin + local[k][1] * cos;
            }
            return corners;
        }
    }

    private static final class Generator {
        private static final double[] ELEVATIONS_DEGREES = hdl64Elevations();
        /** Free space kept around every object, metres. */
        private static final double GAP = 1.0;

        private final long seed;
        private final Settings settings;
        private final Random random;
        private final double groundA, groundB, groundC;
        private final List<Box3D> footprints = new ArrayList<>(); // everything placed, grown by GAP/2
        private final List<Box3D> groundTruth = new ArrayList<>();
        private final List<Part> parts = new ArrayList<>();
        private int clutterOwners;

        Generator(long seed, Settings settings) {
            this.seed = seed;
            this.settings = settings;
            this.random = new Random(seed);
            double tilt = Math.toRadians(settings.maxGroundTiltDegrees() * random.nextDouble());
            double direction = 2 * Math.PI * random.nextDouble();
            groundA = Math.tan(tilt) * Math.cos(direction);
            groundB = Math.tan(tilt) * Math.sin(direction);
            groundC = -settings.sensorHeight();
        }

        Scene run() {
            for (int k = 0; k < settings.walls(); k++) placeWall();
            for (int k = 0; k < settings.cars(); k++) placeCar();
            for (int k = 0; k < settings.cyclists(); k++) placeCyclist();
            for (int k = 0; k < settings.pedestrians(); k++) placePedestrian();
            for (int k = 0; k < settings.poles(); k++) placePole();
            for (int k = 0; k < settings.clutter(); k++) placeClutter();
            int[] hits = new int[groundTruth.size()];
            PointCloud.Builder cloud = PointCloud.builder();
            scan(cloud, hits);
            scatterNoise(cloud);
            List<Integer> pointsOnObject = new ArrayList<>();
            for (int h : hits) pointsOnObject.add(h);
            return new Scene(seed, cloud.build(), List.copyOf(groundTruth), Collections.unmodifiableList(pointsOnObject));
        }

        private double groundZ(double x, double y) {
            return groundA * x + groundB * y + groundC;
        }

        private void placeCar() {
            double length = clamp(4.2 + 0.3 * random.nextGaussian(), 3.6, 4.9);
            double width = clamp(1.8 + 0.08 * random.nextGaussian(), 1.6, 2.0);
            double height = clamp(1.5 + 0.08 * random.nextGaussian(), 1.35, 1.7);
            double reflectance = 0.3 + 0.6 * random.nextDouble();
            place(CategoryPrior.CAR, length, width, height, roadAligned(0.6), 4, 62, 0, 20, (owner, box, c, s) -> {
                // body, then bonnet and boot with the lower windows, then the roof: each step narrower, as a car tapers
                double bottom = box.zMin();
                addPart(owner, box.x(), box.y(), bottom + 0.25, bottom + 0.55 * height, length / 2, width / 2, c, s, 1, reflectance);
                double back = -0.04 * length;
                addPart(owner, box.x() + back * c, box.y() + back * s, bottom + 0.55 * height, bottom + 0.75 * height,
                        0.4 * length, 0.475 * width, c, s, 0.9, reflectance);
                back = -0.08 * length;
                addPart(owner, box.x() + back * c, box.y() + back * s, bottom + 0.75 * height, bottom + height,
                        0.26 * length, 0.44 * width, c, s, 0.85, 0.1);
            });
        }

        private void placeCyclist() {
            double length = 1.6 + 0.35 * random.nextDouble();
            double width = 0.5 + 0.25 * random.nextDouble();
            double height = 1.6 + 0.25 * random.nextDouble();
            place(CategoryPrior.CYCLIST, length, width, height, roadAligned(0.6), 4, 55, 0, 20, (owner, box, c, s) -> {
                double bottom = box.zMin();
                addPart(owner, box.x(), box.y(), bottom, bottom + 1.0, length / 2, 0.05, c, s, 0.5, 0.5);
                double back = -0.1 * length;
                addPart(owner, box.x() + back * c, box.y() + back * s, bottom + 0.85, bottom + height,
                        0.175 * length, 0.4 * width, c, s, 1, 0.3);
            });
        }

        private void placePedestrian() {
            // label boxes span the stride and the arms; the body that returns beams is about half as deep
            double length = clamp(0.84 + 0.12 * random.nextGaussian(), 0.6, 1.1);
            double width = clamp(0.66 + 0.07 * random.nextGaussian(), 0.5, 0.85);
            double height = clamp(1.76 + 0.1 * random.nextGaussian(), 1.5, 2.0);
            place(CategoryPrior.PEDESTRIAN, length, width, height, 2 * Math.PI * random.nextDouble(), 4, 50, 0, 20,
                    (owner, box, c, s) -> addPart(owner, box.x(), box.y(), box.zMin(), box.zMax(),
                            0.225 * length, 0.375 * width, c, s, 1, 0.4));
        }

        private void placeWall() {
            double length = 5 + 10 * random.nextDouble();
            double height = 1 + 2 * random.nextDouble();
            placeClutterObject(length, 0.25, height, roadAligned(0.8), 5, 65, 8, 38, 0.3);
        }

        private void placePole() {
            double side = 0.15 + 0.15 * random.nextDouble();
            placeClutterObject(side, side, 3.5 + 4.5 * random.nextDouble(), 0, 3, 68, 0, 38, 0.6);
        }

        private void placeClutter() { // bins, hydrants, bushes, boxes
            placeClutterObject(0.4 + 0.8 * random.nextDouble(), 0.4 + 0.6 * random.nextDouble(), 0.4 + 0.6 * random.nextDouble(),
                    2 * Math.PI * random.nextDouble(), 3, 68, 0, 38, 0.2 + 0.5 * random.nextDouble());
        }

        private void placeClutterObject(double length, double width, double height, double yaw, double xMin, double xMax,
                                        double yAbsMin, double yAbsMax, double reflectance) {
            place(null, length, width, height, yaw, xMin, xMax, yAbsMin, yAbsMax, (owner, box, c, s) ->
                    addPart(owner, box.x(), box.y(), box.zMin(), box.zMax(), length / 2, width / 2, c, s, 1, reflectance));
        }

        private interface Shaper {
            void addParts(int owner, Box3D box, double cos, double sin);
        }

        /** Puts an object at a free random spot ahead, {@code yAbsMin..yAbsMax} to either side; {@code category} null for clutter. */
        private void place(String category, double length, double width, double height, double yaw,
                           double xMin, double xMax, double yAbsMin, double yAbsMax, Shaper shaper) {
            for (int attempt = 0; attempt < 100; attempt++) {
                double x = xMin + (xMax - xMin) * random.nextDouble();
                double y = (yAbsMin + (yAbsMax - yAbsMin) * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
                Box3D grown = new Box3D(x, y, 0, length + GAP, width + GAP, 1, yaw, "footprint", 1);
                if (!inFront(grown) || footprints.stream().anyMatch(other -> other.bevIntersectionArea(grown) > 0)) continue;
                footprints.add(grown);
                double bottom = groundZ(x, y);
                Box3D box = new Box3D(x, y, bottom + height / 2, length, width, height,
                        LidarBoxLabeler.normalizeHalfTurn(yaw), category == null ? "clutter" : category, 1);
                int owner;
                if (category != null) {
                    owner = groundTruth.size();
                    groundTruth.add(box);
                } else {
                    owner = -1 - clutterOwners++;
                }
                shaper.addParts(owner, box, Math.cos(yaw), Math.sin(yaw));
                return;
            }
        }

        private static boolean inFront(Box3D footprint) {
            double[] corners = footprint.bevCorners();
            for (int k = 0; k < 8; k += 2) if (corners[k] < 1) return false;
            return true;
        }

        private double roadAligned(double share) {
            if (random.nextDouble() < share) {
                return (random.nextBoolean() ? 0 : Math.PI) + Math.toRadians(4) * random.nextGaussian();
            }
            return 2 * Math.PI * random.nextDouble() - Math.PI;
        }

        private void addPart(int owner, double cx, double cy, double zBottom, double zTop, double halfLength,
                             double halfWidth, double cos, double sin, double opacity, double reflectance) {
            // heights relative to the sensor (the scene's frame), the box's own frame in x, y
            parts.add(new Part(owner, cx, cy, zBottom, zTop, halfLength, halfWidth, cos, sin, opacity, reflectance));
        }

        /** Fires every beam at every azimuth step and records the nearest surface each one meets. */
        private void scan(PointCloud.Builder cloud, int[] hits) {
            double step = Math.toRadians(settings.azimuthResolutionDegrees());
            int columns = (int) Math.round(2 * Math.PI / step);
            List<List<Part>> byColumn = partsByColumn(columns, step);
            int beams = ELEVATIONS_DEGREES.length;
            double[] sinElevation = new double[beams], cosElevation = new double[beams];
            for (int b = 0; b < beams; b++) {
                sinElevation[b] = Math.sin(Math.toRadians(ELEVATIONS_DEGREES[b]));
                cosElevation[b] = Math.cos(Math.toRadians(ELEVATIONS_DEGREES[b]));
            }
            for (int column = 0; column < columns; column++) {
                double azimuth = -Math.PI + (column + 0.5) * step;
                double ca = Math.cos(azimuth), sa = Math.sin(azimuth);
                List<Part> candidates = byColumn.get(column);
                for (int b = 0; b < beams; b++) {
                    if (random.nextDouble() < settings.dropout()) continue;
                    double dx = ca * cosElevation[b], dy = sa * cosElevation[b], dz = sinElevation[b];
                    double nearest = Double.POSITIVE_INFINITY;
                    Part hit = null;
                    double slope = dz - groundA * dx - groundB * dy;
                    if (slope < 0) nearest = groundC / slope;
                    for (Part part : candidates) {
                        double t = part.entry(dx, dy, dz);
                        if (t < nearest && (part.opacity() >= 1 || random.nextDouble() < part.opacity())) {
                            nearest = t;
                            hit = part;
                        }
                    }
                    if (!(nearest <= settings.maxRange())) continue;
                    double range = nearest + settings.rangeNoise() * random.nextGaussian();
                    double x = range * dx, y = range * dy, z = range * dz;
                    double reflectance;
                    if (hit == null) {
                        z += settings.groundRoughness() * random.nextGaussian();
                        reflectance = 0.15 + 0.2 * random.nextDouble();
                    } else {
                        reflectance = hit.reflectance() + 0.1 * random.nextGaussian();
                        if (hit.owner() >= 0) hits[hit.owner()]++;
                    }
                    cloud.add((float) x, (float) y, (float) z, (float) clamp(reflectance, 0, 1));
                }
            }
        }

        /** For each azimuth step, the parts its beams can meet (parts lie ahead, so no span wraps around ±π). */
        private List<List<Part>> partsByColumn(int columns, double step) {
            List<List<Part>> byColumn = new ArrayList<>(columns);
            for (int c = 0; c < columns; c++) byColumn.add(new ArrayList<>(2));
            for (Part part : parts) {
                double[] corners = part.bevCorners();
                double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < 8; k += 2) {
                    double azimuth = Math.atan2(corners[k + 1], corners[k]);
                    min = Math.min(min, azimuth);
                    max = Math.max(max, azimuth);
                }
                int first = Math.max(0, (int) Math.floor((min + Math.PI) / step));
                int last = Math.min(columns - 1, (int) Math.floor((max + Math.PI) / step));
                for (int c = first; c <= last; c++) byColumn.get(c).add(part);
            }
            return byColumn;
        }

        private void scatterNoise(PointCloud.Builder cloud) {
            for (int k = 0; k < settings.noisePoints(); k++) {
                double x = 1 + 69 * random.nextDouble(), y = 40 * (2 * random.nextDouble() - 1);
                double z = groundZ(x, y) + 0.3 + 2.7 * random.nextDouble();
                cloud.add((float) x, (float) y, (float) z, (float) random.nextDouble());
            }
        }

        private static double[] hdl64Elevations() {
            double[] elevations = new double[64];
            for (int k = 0; k < 32; k++) {
                elevations[k] = 2.0 - k / 3.0;        // upper block: +2° to -8.33°, 1/3° apart
                elevations[32 + k] = -8.83 - k * 0.5;  // lower block: -8.83° to -24.33°, 1/2° apart
            }
            return elevations;
        }

        private static double clamp(double value, double min, double max) {
            return Math.max(min, Math.min(max, value));
        }
    }
}
