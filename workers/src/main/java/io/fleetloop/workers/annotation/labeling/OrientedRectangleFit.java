package io.fleetloop.workers.annotation.labeling;

/**
 * The rectangle around a cluster's bird's-eye points that best explains what a LiDAR sees of a box: the sides
 * facing the sensor. Orientations over a quarter turn are scored by the closeness criterion of the L-shape fitting
 * of Zhang et al. (2017, "Efficient L-Shape Fitting for Vehicle Detection Using Laser Scanners"): for each axis the
 * rectangle side nearer the points as a whole is the visible one, and points close to a visible side score high.
 * Unlike the minimum-area rectangle it is not pulled off by the missing far sides, or by a few points inside.
 *
 * @param yaw     direction of axis u, in [0, π/2)
 * @param uMin    extent along u = (cos yaw, sin yaw)
 * @param uMax    ...
 * @param vMin    extent along v = (-sin yaw, cos yaw)
 * @param vMax    ...
 * @param quality share of the points within 10 cm (or a tenth of the shorter side) of a visible side, in [0, 1]
 */
record OrientedRectangleFit(double yaw, double uMin, double uMax, double vMin, double vMax, double quality) {

    /** Distances below this do not count as closer (keeps one point on a side from dominating). */
    private static final double MIN_DISTANCE = 0.01;
    private static final double REFINE_STEP = Math.toRadians(0.1);

    double uLength() {
        return uMax - uMin;
    }

    double vLength() {
        return vMax - vMin;
    }

    /**
     * @param x       bird's-eye x of all the cluster's points
     * @param y       ... and y
     * @param n       how many points
     * @param settings for the search step and the number of points sampled
     */
    static OrientedRectangleFit fit(float[] x, float[] y, int n, LidarLabelerSettings settings) {
        // an even subsample keeps the search cheap on near, dense objects
        int stride = Math.max(1, (n + settings.fitSamplePoints() - 1) / settings.fitSamplePoints());
        int m = (n + stride - 1) / stride;
        double[] sx = new double[m], sy = new double[m];
        double meanX = 0, meanY = 0;
        for (int k = 0, i = 0; k < m; k++, i += stride) {
            meanX += x[i];
            meanY += y[i];
        }
        meanX /= m;
        meanY /= m;
        for (int k = 0, i = 0; k < m; k++, i += stride) { // centred, for numerical comfort
            sx[k] = x[i] - meanX;
            sy[k] = y[i] - meanY;
        }

        double[][] scratch = {new double[m], new double[m], new double[2]};
        double step = Math.toRadians(settings.yawStepDegrees());
        double bestYaw = 0, bestScore = Double.NEGATIVE_INFINITY;
        for (double yaw = 0; yaw < Math.PI / 2; yaw += step) {
            double score = closeness(sx, sy, m, yaw, scratch);
            if (score > bestScore) {
                bestScore = score;
                bestYaw = yaw;
            }
        }
        double coarse = bestYaw;
        for (double yaw = coarse - step; yaw <= coarse + step; yaw += REFINE_STEP) {
            double score = closeness(sx, sy, m, yaw, scratch);
            if (score > bestScore) {
                bestScore = score;
                bestYaw = yaw;
            }
        }
        bestYaw = normalizeQuarter(bestYaw);

        double c = Math.cos(bestYaw), s = Math.sin(bestYaw);
        double uMin = Double.POSITIVE_INFINITY, uMax = Double.NEGATIVE_INFINITY;
        double vMin = Double.POSITIVE_INFINITY, vMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double u = x[i] * c + y[i] * s, v = -x[i] * s + y[i] * c;
            uMin = Math.min(uMin, u);
            uMax = Math.max(uMax, u);
            vMin = Math.min(vMin, v);
            vMax = Math.max(vMax, v);
        }
        double quality = nearVisibleSides(sx, sy, m, bestYaw, scratch);
        return new OrientedRectangleFit(bestYaw, uMin, uMax, vMin, vMax, quality);
    }

    private static double normalizeQuarter(double yaw) {
        double quarter = Math.PI / 2;
        double r = yaw % quarter;
        return r < 0 ? r + quarter : r;
    }

    private static double closeness(double[] x, double[] y, int m, double yaw, double[][] scratch) {
        double[] d = sideDistances(x, y, m, yaw, scratch);
        double score = 0;
        for (int k = 0; k < m; k++) score += 1 / Math.max(d[k], MIN_DISTANCE);
        return score;
    }

    /** Share of the points within 10 cm (or a tenth of the shorter side) of a visible side. */
    private static double nearVisibleSides(double[] x, double[] y, int m, double yaw, double[][] scratch) {
        double[] d = sideDistances(x, y, m, yaw, scratch);
        double tolerance = Math.max(0.1, 0.1 * Math.min(scratch[2][0], scratch[2][1]));
        int near = 0;
        for (int k = 0; k < m; k++) if (d[k] <= tolerance) near++;
        return (double) near / m;
    }

    /**
     * Each point's distance to the nearer of the two visible sides, one per axis: for each axis the end that the
     * values hug (smaller sum of squared distances) is the visible side.
     *
     * @param scratch two arrays of at least {@code m} values, and {@code scratch[2]} receiving the spans along u and v;
     *                the result is {@code scratch[0]}
     */
    private static double[] sideDistances(double[] x, double[] y, int m, double yaw, double[][] scratch) {
        double c = Math.cos(yaw), s = Math.sin(yaw);
        double[] u = scratch[0], v = scratch[1];
        double uMin = Double.POSITIVE_INFINITY, uMax = Double.NEGATIVE_INFINITY;
        double vMin = Double.POSITIVE_INFINITY, vMax = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < m; k++) {
            u[k] = x[k] * c + y[k] * s;
            v[k] = -x[k] * s + y[k] * c;
            uMin = Math.min(uMin, u[k]);
            uMax = Math.max(uMax, u[k]);
            vMin = Math.min(vMin, v[k]);
            vMax = Math.max(vMax, v[k]);
        }
        double uToMin = 0, uToMax = 0, vToMin = 0, vToMax = 0;
        for (int k = 0; k < m; k++) {
            uToMin += (u[k] - uMin) * (u[k] - uMin);
            uToMax += (uMax - u[k]) * (uMax - u[k]);
            vToMin += (v[k] - vMin) * (v[k] - vMin);
            vToMax += (vMax - v[k]) * (vMax - v[k]);
        }
        boolean uHugsMin = uToMin <= uToMax, vHugsMin = vToMin <= vToMax;
        for (int k = 0; k < m; k++) {
            double du = uHugsMin ? u[k] - uMin : uMax - u[k];
            double dv = vHugsMin ? v[k] - vMin : vMax - v[k];
            u[k] = Math.min(du, dv);
        }
        scratch[2][0] = uMax - uMin;
        scratch[2][1] = vMax - vMin;
        return u;
    }
}
