package io.fleetloop.workers.annotation.labeling;

import java.util.Arrays;
import java.util.Random;

/** The ground as the plane {@code z = a·x + b·y + c}. */
record GroundPlane(double a, double b, double c) {

    private static final int SCORED_SEEDS = 1000;

    static GroundPlane flat(double sensorHeight) {
        return new GroundPlane(0, 0, -sensorHeight);
    }

    double zAt(double x, double y) {
        return a * x + b * y + c;
    }

    double heightAbove(double x, double y, double z) {
        return z - zAt(x, y);
    }

    /**
     * Fits the ground to the lowest point of each cell of a coarse grid: nearly every cell sees some ground (objects
     * stand on it, and walls and poles reach down to it), so these seeds are mostly ground and RANSAC sets the rest
     * aside. A tilted road is a tilted plane; bumps under {@code inlierDistance} are absorbed by the final least squares.
     *
     * @param idx indices of the cropped points in {@code cloud}, {@code count} of them
     */
    static GroundPlane fit(PointCloud cloud, int[] idx, int count, LidarLabelerSettings settings) {
        double cell = settings.groundCellSize();
        int nx = (int) Math.ceil((settings.cropXMax() - settings.cropXMin()) / cell) + 1;
        int ny = (int) Math.ceil(2 * settings.cropYAbs() / cell) + 1;
        int[] lowest = new int[nx * ny];
        Arrays.fill(lowest, -1);
        for (int k = 0; k < count; k++) {
            int i = idx[k];
            int c = (int) ((cloud.x(i) - settings.cropXMin()) / cell) * ny + (int) ((cloud.y(i) + settings.cropYAbs()) / cell);
            if (lowest[c] < 0 || cloud.z(i) < cloud.z(lowest[c])) lowest[c] = i;
        }
        int seeds = 0;
        double[] sx = new double[nx * ny], sy = new double[nx * ny], sz = new double[nx * ny];
        for (int i : lowest) {
            if (i < 0) continue;
            sx[seeds] = cloud.x(i);
            sy[seeds] = cloud.y(i);
            sz[seeds] = cloud.z(i);
            seeds++;
        }
        GroundPlane fallback = flat(settings.sensorHeight());
        if (seeds < 3) return fallback;

        double maxSlope = Math.tan(Math.toRadians(settings.maxGroundTiltDegrees()));
        double inlier = settings.groundInlierDistance();
        Random random = new Random(settings.seed());
        GroundPlane best = null;
        int bestSupport = 0;
        int stride = Math.max(1, seeds / SCORED_SEEDS); // candidates are scored on an even sample of the seeds
        for (int it = 0; it < settings.groundRansacIterations(); it++) {
            int p = random.nextInt(seeds), q = random.nextInt(seeds), r = random.nextInt(seeds);
            GroundPlane candidate = through(sx[p], sy[p], sz[p], sx[q], sy[q], sz[q], sx[r], sy[r], sz[r]);
            if (candidate == null || Math.hypot(candidate.a, candidate.b) > maxSlope) continue;
            int support = 0;
            for (int s = 0; s < seeds; s += stride) {
                if (Math.abs(candidate.heightAbove(sx[s], sy[s], sz[s])) < inlier) support++;
            }
            if (support > bestSupport) {
                bestSupport = support;
                best = candidate;
            }
        }
        if (best == null || bestSupport < 3) return fallback;
        for (int round = 0; round < 2; round++) {
            GroundPlane refined = leastSquares(best, sx, sy, sz, seeds, inlier);
            if (refined == null || Math.hypot(refined.a, refined.b) > maxSlope) break;
            best = refined;
        }
        return best;
    }

    private static GroundPlane through(double x1, double y1, double z1, double x2, double y2, double z2,
                                       double x3, double y3, double z3) {
        // normal = (p2 - p1) x (p3 - p1); z = a x + b y + c needs a non-vertical plane
        double ux = x2 - x1, uy = y2 - y1, uz = z2 - z1;
        double vx = x3 - x1, vy = y3 - y1, vz = z3 - z1;
        double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        if (Math.abs(nz) < 1e-6) return null;
        double a = -nx / nz, b = -ny / nz;
        return new GroundPlane(a, b, z1 - a * x1 - b * y1);
    }

    /** Least-squares plane through the seeds within {@code inlier} of {@code around}. */
    private static GroundPlane leastSquares(GroundPlane around, double[] x, double[] y, double[] z, int n, double inlier) {
        double sxx = 0, sxy = 0, sx = 0, syy = 0, sy = 0, s1 = 0, sxz = 0, syz = 0, sz = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(around.heightAbove(x[i], y[i], z[i])) >= inlier) continue;
            sxx += x[i] * x[i];
            sxy += x[i] * y[i];
            sx += x[i];
            syy += y[i] * y[i];
            sy += y[i];
            s1 += 1;
            sxz += x[i] * z[i];
            syz += y[i] * z[i];
            sz += z[i];
        }
        if (s1 < 3) return null;
        // normal equations [sxx sxy sx; sxy syy sy; sx sy n] (a b c) = (sxz syz sz), by Cramer's rule
        double det = det3(sxx, sxy, sx, sxy, syy, sy, sx, sy, s1);
        if (Math.abs(det) < 1e-9) return null;
        double a = det3(sxz, sxy, sx, syz, syy, sy, sz, sy, s1) / det;
        double b = det3(sxx, sxz, sx, sxy, syz, sy, sx, sz, s1) / det;
        double c = det3(sxx, sxy, sxz, sxy, syy, syz, sx, sy, sz) / det;
        return new GroundPlane(a, b, c);
    }

    private static double det3(double a, double b, double c, double d, double e, double f, double g, double h, double i) {
        return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    }
}
