package io.fleetloop.workers.annotation.labeling;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * 3D boxes of cars, pedestrians and cyclists in a LiDAR point cloud, without a learned model:
 * <ol>
 *   <li>crop to the region of interest (default 70 m ahead, 40 m either side);</li>
 *   <li>fit the ground plane (RANSAC on each grid cell's lowest point) and drop points near it or far above it;</li>
 *   <li>drop stray returns, cluster the rest in bird's-eye view (grid + union–find, linear time) and join the
 *       pieces of objects cut in two by something nearer;</li>
 *   <li>fit each cluster's oriented rectangle (L-shape fitting, closeness criterion) and its height above ground;</li>
 *   <li>name the category from the dimensions, complete a partially seen box to the category's typical size away
 *       from the sensor, and score a confidence from point support, fit and plausibility.</li>
 * </ol>
 * Stateless and thread-safe; the same cloud always gets the same boxes.
 */
public final class LidarBoxLabeler {

    /** Categories below this plausibility are {@code Unknown}. */
    private static final double MIN_PLAUSIBILITY = 0.2;
    /** Points for which support reaches 1 - 1/e of its full weight. */
    private static final double SUPPORT_POINTS = 15;
    /** Confidence of a cluster that fits no category, before support. */
    private static final double UNKNOWN_CONFIDENCE = 0.3;
    /** A side up to this much longer than a category's width may be its front or rear seen alone. */
    private static final double FACE_MARGIN = 0.5;
    /** Two pieces are one object only if this share of their points lie along one rectangle's visible sides. */
    private static final double JOINED_FIT_QUALITY = 0.6;
    /** Fewer points than this in the top quarter of a cluster say nothing about its shape there. */
    private static final int MIN_BAND_POINTS = 4;
    /** A top point more than this many beam spacings above the next is a stray return. */
    private static final double BEAM_GAPS = 1.5;

    private final LidarLabelerSettings settings;

    public LidarBoxLabeler(LidarLabelerSettings settings) {
        this.settings = settings;
    }

    public LidarBoxLabeler() {
        this(LidarLabelerSettings.defaults());
    }

    public LidarLabelerSettings settings() {
        return settings;
    }

    /** Reads a KITTI {@code .bin} stream and labels it. */
    public List<Box3D> label(InputStream kittiBin) throws IOException {
        return label(PointCloud.readKittiBin(kittiBin));
    }

    /** Boxes found in the cloud, most confident first. */
    public List<Box3D> label(PointCloud cloud) {
        int[] cropped = new int[cloud.size()];
        int count = crop(cloud, cropped);
        GroundPlane ground = GroundPlane.fit(cloud, cropped, count, settings);

        float[] ox = new float[count], oy = new float[count], oh = new float[count];
        int objects = 0;
        for (int k = 0; k < count; k++) {
            int i = cropped[k];
            float h = (float) ground.heightAbove(cloud.x(i), cloud.y(i), cloud.z(i));
            if (h < settings.groundThreshold() || h > settings.maxPointHeight()) continue;
            ox[objects] = cloud.x(i);
            oy[objects] = cloud.y(i);
            oh[objects] = h;
            objects++;
        }

        boolean[] isolated = IsolatedPoints.find(ox, oy, oh, objects, settings);
        int kept = 0;
        for (int i = 0; i < objects; i++) {
            if (isolated[i]) continue;
            ox[kept] = ox[i];
            oy[kept] = oy[i];
            oh[kept] = oh[i];
            kept++;
        }
        objects = kept;

        int[] clusterOf = BevClustering.cluster(ox, oy, objects, settings);
        ClusterPoints pieces = new ClusterPoints(clusterOf, objects);
        OcclusionMerge.merge(ox, oy, oh, objects, clusterOf, settings,
                (a, b) -> onOneRectangle(pieces.gather(ox, oy, a, b), settings));
        ClusterPoints clusters = new ClusterPoints(clusterOf, objects);

        List<Box3D> boxes = new ArrayList<>();
        for (int c = 0; c < clusters.count(); c++) {
            if (clusters.size(c) < settings.minClusterPoints()) continue;
            float[][] points = clusters.gather(new float[][]{ox, oy, oh}, c);
            Box3D box = boxOf(points[0], points[1], points[2], clusters.size(c), ground);
            if (box != null) boxes.add(box);
        }
        boxes.sort(Comparator.comparingDouble(Box3D::confidence).reversed());
        return boxes;
    }

    private int crop(PointCloud cloud, int[] kept) {
        int count = 0;
        for (int i = 0; i < cloud.size(); i++) {
            float x = cloud.x(i), y = cloud.y(i), z = cloud.z(i);
            if (x >= settings.cropXMin() && x <= settings.cropXMax() && Math.abs(y) <= settings.cropYAbs()
                    && Float.isFinite(z)) {
                kept[count++] = i;
            }
        }
        return count;
    }

    private Box3D boxOf(float[] x, float[] y, float[] h, int n, GroundPlane ground) {
        float minX = Float.POSITIVE_INFINITY, maxX = Float.NEGATIVE_INFINITY;
        float minY = Float.POSITIVE_INFINITY, maxY = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            minX = Math.min(minX, x[k]);
            maxX = Math.max(maxX, x[k]);
            minY = Math.min(minY, y[k]);
            maxY = Math.max(maxY, y[k]);
        }
        if (Math.hypot(maxX - minX, maxY - minY) > settings.maxClusterDiagonal()) return null;
        double beamSpacing = Math.hypot((minX + maxX) / 2, (minY + maxY) / 2) * Math.toRadians(settings.verticalResolutionDegrees());
        float top = top(h, n, BEAM_GAPS * beamSpacing + 0.2);

        OrientedRectangleFit fit = OrientedRectangleFit.fit(x, y, n, settings);
        boolean uLonger = fit.uLength() >= fit.vLength();
        double longSide = Math.max(fit.uLength(), fit.vLength()), shortSide = Math.min(fit.uLength(), fit.vLength());
        double uCentre = (fit.uMin() + fit.uMax()) / 2, vCentre = (fit.vMin() + fit.vMax()) / 2;
        double range = Math.hypot(uCentre, vCentre);
        // the highest beam to hit the object passes, on average, half a beam spacing below its top
        double height = top + 0.5 * range * Math.toRadians(settings.verticalResolutionDegrees());
        double upperSpan = upperSpan(x, y, h, n, top, fit.yaw() + (uLonger ? 0 : Math.PI / 2), longSide);

        boolean cutOff = topElevation(x, y, h, n, top, ground)
                >= Math.toRadians(settings.maxElevationDegrees() - 0.75 * settings.verticalResolutionDegrees());
        CategoryPrior.Shape shape = new CategoryPrior.Shape(longSide, shortSide, height, range, upperSpan, cutOff);
        CategoryPrior.Match match = CategoryPrior.classify(shape, MIN_PLAUSIBILITY);
        if (match == null && !settings.keepUnknown()) return null;

        CategoryPrior prior = match == null ? null : match.prior();
        boolean headingAlongU = headingAlongU(fit, prior);
        double[] along = headingAlongU ? new double[]{fit.uMin(), fit.uMax()} : new double[]{fit.vMin(), fit.vMax()};
        // across is the heading turned a quarter left: v for a heading along u, -u for a heading along v
        double[] across = headingAlongU ? new double[]{fit.vMin(), fit.vMax()} : new double[]{-fit.uMax(), -fit.uMin()};
        if (prior != null && settings.completeToPriors()) {
            growAwayFromSensor(along, prior.solidLength());
            growAwayFromSensor(across, prior.solidWidth());
            growEvenly(along, prior.length());
            growEvenly(across, prior.width());
        }
        double a = (along[0] + along[1]) / 2, b = (across[0] + across[1]) / 2;
        double yaw = fit.yaw() + (headingAlongU ? 0 : Math.PI / 2);
        // (a, b) are coordinates along the heading and across it; back to x, y
        double centreX = a * Math.cos(yaw) - b * Math.sin(yaw);
        double centreY = a * Math.sin(yaw) + b * Math.cos(yaw);
        double groundZ = ground.zAt(centreX, centreY);

        double support = 1 - Math.exp(-n / SUPPORT_POINTS);
        double confidence = (match == null ? UNKNOWN_CONFIDENCE : match.plausibility())
                * support * (0.5 + 0.5 * fit.quality());
        if (confidence < settings.minConfidence()) return null;
        return new Box3D(centreX, centreY, groundZ + height / 2, along[1] - along[0], across[1] - across[0], height,
                normalizeHalfTurn(yaw), match == null ? CategoryPrior.UNKNOWN : match.prior().category(),
                Math.min(1, Math.max(0, confidence)));
    }

    /**
     * The heading runs along the longer observed side, except for an object showing only its front or rear (a side
     * no longer than the category's width, facing the sensor): then it runs along the line of sight.
     */
    private static boolean headingAlongU(OrientedRectangleFit fit, CategoryPrior prior) {
        boolean uLonger = fit.uLength() >= fit.vLength();
        double longSide = Math.max(fit.uLength(), fit.vLength());
        if (prior == null || prior.length() <= prior.width() + FACE_MARGIN || longSide > prior.width() + FACE_MARGIN) {
            return uLonger;
        }
        double uCentre = (fit.uMin() + fit.uMax()) / 2, vCentre = (fit.vMin() + fit.vMax()) / 2;
        double longAxisCentre = uLonger ? uCentre : vCentre; // the sensor is at u = v = 0
        boolean facesSensor = Math.abs(longAxisCentre) / Math.max(Math.hypot(uCentre, vCentre), 1e-6) < 0.5; // > 60° off the ray
        return facesSensor != uLonger;
    }

    /** Whether two clusters' points lie along the visible sides of one rectangle, as the pieces of one object do. */
    private static boolean onOneRectangle(float[][] xy, LidarLabelerSettings settings) {
        return OrientedRectangleFit.fit(xy[0], xy[1], xy[0].length, settings).quality() >= JOINED_FIT_QUALITY;
    }

    /**
     * Widens the interval {@code [min, max]} (coordinates along an axis through the sensor) to {@code size}, keeping
     * the end facing the sensor: that is the face the points came from.
     */
    private static void growAwayFromSensor(double[] interval, double size) {
        double missing = size - (interval[1] - interval[0]);
        if (missing <= 0) return;
        if (interval[0] > 0) interval[1] += missing;
        else if (interval[1] < 0) interval[0] -= missing;
        else {
            interval[0] -= missing / 2;
            interval[1] += missing / 2;
        }
    }

    private static void growEvenly(double[] interval, double size) {
        double missing = size - (interval[1] - interval[0]);
        if (missing <= 0) return;
        interval[0] -= missing / 2;
        interval[1] += missing / 2;
    }

    /**
     * The highest point that is not alone above a vertical gap wider than {@code maxGap}: a stray return or a twig
     * over an object must not set its height.
     */
    private static float top(float[] h, int n, double maxGap) {
        float[] sorted = Arrays.copyOf(h, n);
        Arrays.sort(sorted);
        int k = n - 1;
        // stop at a gap only among the top few points: a gap lower down is the object's own shape
        while (k > 0 && k >= n - 3 && sorted[k] - sorted[k - 1] > maxGap) k--;
        return sorted[k];
    }

    /** Elevation angle, seen from the sensor, of the cluster's top (its points within 5 cm of {@code top}). */
    private static double topElevation(float[] x, float[] y, float[] h, int n, float top, GroundPlane ground) {
        double elevation = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            if (h[k] < top - 0.05f || h[k] > top) continue;
            double z = h[k] + ground.zAt(x[k], y[k]);
            elevation = Math.max(elevation, Math.atan2(z, Math.hypot(x[k], y[k])));
        }
        return elevation;
    }

    /**
     * Share of the long side ({@code direction}) covered by the points in the top quarter of the height, NaN when
     * fewer than {@link #MIN_BAND_POINTS} are there.
     */
    private static double upperSpan(float[] x, float[] y, float[] h, int n, float top, double direction, double longSide) {
        if (longSide <= 0) return 1;
        double c = Math.cos(direction), s = Math.sin(direction);
        float band = top * 0.75f;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        int inBand = 0;
        for (int k = 0; k < n; k++) {
            if (h[k] < band || h[k] > top) continue;
            double u = x[k] * c + y[k] * s;
            min = Math.min(min, u);
            max = Math.max(max, u);
            inBand++;
        }
        return inBand < MIN_BAND_POINTS ? Double.NaN : Math.min(1, (max - min) / longSide);
    }

    /** Yaw in (-π/2, π/2]: a box's heading is only known up to a half turn. */
    static double normalizeHalfTurn(double yaw) {
        double r = yaw % Math.PI;
        if (r <= -Math.PI / 2) r += Math.PI;
        else if (r > Math.PI / 2) r -= Math.PI;
        return r;
    }
}
